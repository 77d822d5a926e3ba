using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class TelegramDirectSenderTests
{
    [Fact]
    public async Task A_test_message_goes_through_the_outbox_in_the_urgent_lane_and_the_caller_hears_the_answer()
    {
        await using var h = DeliveryHarness.Create();
        await h.StartAsync();
        await h.LinkAsync("u", 5, l => l with { MutedTypes = new HashSet<string> { NotificationTypes.Test } });

        var result = await Sender(h).SendNowAsync("u", new TestMessage("u"));

        result.Status.ShouldBe(DirectSendStatus.Sent);
        result.TelegramMessageId.ShouldNotBeNull();
        h.Gateway.Delivered.Single().ChatId.ShouldBe(5);
        (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending.ShouldBe(0);
        var queued = (await h.MessageAsync(1)).ShouldNotBeNull();
        queued.NotificationType.ShouldBe(NotificationTypes.Test);
        queued.Lane.ShouldBe(DeliveryLane.Urgent);
        queued.State.ShouldBe(OutboxState.Sent);
        queued.TelegramMessageId.ShouldBe(result.TelegramMessageId);
    }

    [Fact]
    public async Task Unlinked_off_and_muted_users_get_nothing()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("off", 1, l => l with { Enabled = false, DisabledReason = ChatLinkDisabledReasons.BotBlocked });
        await h.LinkAsync("muted", 2, l => l with { MutedTypes = new HashSet<string> { NotificationTypes.PostFailure } });

        (await Sender(h).SendNowAsync("none", new TestMessage("none"))).Status.ShouldBe(DirectSendStatus.NotLinked);
        (await Sender(h).SendNowAsync("off", new TestMessage("off"))).ShouldBe(new DirectSendResult(DirectSendStatus.Disabled, Error: ChatLinkDisabledReasons.BotBlocked));
        (await Sender(h).SendNowAsync("muted", new PostFailed("muted", SnsPlatform.Instagram, "x", "y"))).Status.ShouldBe(DirectSendStatus.Muted);
        h.Gateway.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_blocked_user_has_the_link_turned_off_and_hears_so()
    {
        await using var h = DeliveryHarness.Create();
        await h.StartAsync();
        await h.LinkAsync("u", 5);
        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.ChatUnavailable, "Forbidden: bot was blocked by the user") { DisabledReason = ChatLinkDisabledReasons.BotBlocked };

        var result = await Sender(h).SendNowAsync("u", new TestMessage("u"));

        result.ShouldBe(new DirectSendResult(DirectSendStatus.Blocked, Error: ChatLinkDisabledReasons.BotBlocked));
        (await h.Links.GetAsync("u")).ShouldNotBeNull().Enabled.ShouldBeFalse();
    }

    [Fact]
    public async Task Telegram_trouble_is_reported_as_unavailable_or_rejected_after_one_attempt()
    {
        await using var h = DeliveryHarness.Create();
        await h.StartAsync();
        await h.LinkAsync("u", 5);

        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.Transient, "HTTP 502");
        (await Sender(h).SendNowAsync("u", new TestMessage("u"))).Status.ShouldBe(DirectSendStatus.TelegramUnavailable);
        h.Gateway.Calls.Count.ShouldBe(1, "a direct send is not retried behind the caller's back");

        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.Rejected, "Bad Request: can't parse entities") { IsFormatterBug = true };
        (await Sender(h).SendNowAsync("u", new TestMessage("u"))).Status.ShouldBe(DirectSendStatus.Rejected);

        h.Gateway.Script = (_, _) => new SendOutcome(SendOutcomeKind.RateLimited, "Too Many Requests") { RetryAfter = TimeSpan.FromSeconds(9) };
        (await Sender(h).SendNowAsync("u", new TestMessage("u"))).ShouldBe(new DirectSendResult(DirectSendStatus.TelegramUnavailable, Error: "Too Many Requests", RetryAfter: TimeSpan.FromSeconds(9)));

        // Telegram asked the bot to wait: the message stays queued and goes out once the pause is over
        h.Gateway.Script = (_, _) => null;
        var calls = h.Gateway.Calls.Count;
        h.Time.Advance(TimeSpan.FromSeconds(9));
        await Eventually.WaitUntilAsync(() => h.Gateway.Delivered.Count == 1, "the paused test message goes out after the pause", timeProvider: null);
        h.Gateway.Calls.Count.ShouldBe(calls + 1);
        (await h.Links.GetAsync("u")).ShouldNotBeNull().Enabled.ShouldBeTrue();
    }

    [Fact]
    public async Task A_migrated_group_is_moved_and_the_message_is_sent_to_the_supergroup()
    {
        await using var h = DeliveryHarness.Create();
        await h.StartAsync();
        await h.LinkAsync("team", -5, type: TelegramChatType.Group);
        h.Gateway.Script = (chat, _) => chat == -5 ? new SendOutcome(SendOutcomeKind.Migrated, "upgraded") { MigrateToChatId = -1_000_000_000_005 } : null;

        (await Sender(h).SendNowAsync("team", new TestMessage("team"))).Status.ShouldBe(DirectSendStatus.Sent);

        h.Gateway.Delivered.Single().ChatId.ShouldBe(-1_000_000_000_005);
        (await h.Links.GetAsync("team")).ShouldNotBeNull().ChatId.ShouldBe(-1_000_000_000_005);
    }

    [Fact]
    public async Task The_user_must_match_the_notification()
    {
        await using var h = DeliveryHarness.Create();
        await Should.ThrowAsync<ArgumentException>(async () => await Sender(h).SendNowAsync("a", new TestMessage("b")));
        await Should.ThrowAsync<ArgumentException>(async () => await Sender(h).SendNowAsync("", new TestMessage("")));
    }

    private static ITelegramDirectSender Sender(DeliveryHarness h) => h.Services.GetRequiredService<ITelegramDirectSender>();
}
