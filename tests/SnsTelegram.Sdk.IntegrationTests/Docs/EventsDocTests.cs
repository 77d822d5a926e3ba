using SnsTelegram.Sdk.Operations.Events;

namespace SnsTelegram.Sdk.IntegrationTests.Docs;

/// <summary>The verification code docs/events.md quotes (<see cref="EventsVerificationExample"/>) accepts what the library sends, and only that.</summary>
public sealed class EventsDocTests
{
    [Fact]
    public async Task The_verification_code_accepts_a_real_request_and_refuses_a_changed_or_stale_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WebhookReceiver.NewSecret();
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, o =>
        {
            o.Events.Webhook.Url = receiver.Url;
            o.Events.Webhook.Secrets.Add(secret);
        });
        await app.LinkAsync("user-1", app.CreateUser());
        await Eventually.WaitUntilAsync(() => receiver.Accepted.Any(r => r.Type == SnsTelegramEventTypes.LinkCreated), "link.created arrived", TelegramTestApp.Wait);
        var r = receiver.Accepted.First(r => r.Type == SnsTelegramEventTypes.LinkCreated);
        var now = app.Time.GetUtcNow();

        EventsVerificationExample.IsValid(secret, r.Id, r.Timestamp, r.Body, r.Signature, now).ShouldBeTrue();
        EventsVerificationExample.IsValid(WebhookReceiver.NewSecret(), r.Id, r.Timestamp, r.Body, r.Signature, now).ShouldBeFalse();
        EventsVerificationExample.IsValid(secret, r.Id, r.Timestamp, r.Body + " ", r.Signature, now).ShouldBeFalse();
        EventsVerificationExample.IsValid(secret, "evt_other", r.Timestamp, r.Body, r.Signature, now).ShouldBeFalse();
        EventsVerificationExample.IsValid(secret, r.Id, r.Timestamp, r.Body, r.Signature, now.AddMinutes(10)).ShouldBeFalse("a replay ten minutes later");
    }
}
