using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.PostgreSql;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>Two app instances on one PostgreSQL schema share the event queue: each event reaches the webhook once.</summary>
public sealed class PostgreSqlEventWebhookTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task Two_hosts_on_one_schema_post_each_event_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = WebhookReceiver.NewSecret();
        void Configure(SnsTelegramOptions o)
        {
            o.Events.Webhook.Url = receiver.Url;
            o.Events.Webhook.Secrets.Add(secret);
            o.Events.Webhook.MaxConcurrency = 3;
        }

        await using var first = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling, Configure, b => b.UsePostgreSql(_schema.ConnectionString, _schema.Name));
        await using var second = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling, Configure, b => b.UsePostgreSql(_schema.ConnectionString, _schema.Name));
        first.App.Services.GetRequiredService<IEventDeliveryStore>().ShouldBeOfType<PostgreSqlEventDeliveryStore>();

        // events raised by the app itself: a link made through the first instance's bot
        var user = first.CreateUser();
        await first.LinkAsync("pg-user", user);

        // and a backlog in the shared queue, which both instances' pumps find on their next look
        var store = second.App.Services.GetRequiredService<IEventDeliveryStore>();
        var now = first.Time.GetUtcNow();
        for (var i = 0; i < 40; i++)
        {
            (await store.EnqueueAsync(new EventDelivery
            {
                EventId = $"evt_backlog_{i:00}",
                EventType = SnsTelegramEventTypes.MessageSent,
                Body = $$$"""{"id":"evt_backlog_{{{i:00}}}","type":"message.sent","data":{"user_id":"pg-user"}}""",
                CreatedAt = now,
                DueAt = now,
            })).ShouldBeTrue();
        }

        await Eventually.WaitUntilAsync(
            () =>
            {
                // both clocks move together, so each pump polls and neither instance's leases look expired to the other
                first.Time.Advance(TimeSpan.FromMilliseconds(200));
                second.Time.Advance(TimeSpan.FromMilliseconds(200));
                return receiver.Accepted.Count(r => r.Id.StartsWith("evt_backlog_", StringComparison.Ordinal)) >= 40
                    && receiver.Accepted.Any(r => r.Type == SnsTelegramEventTypes.LinkCreated);
            },
            "the backlog and link.created reached the receiver",
            TelegramTestApp.Wait);

        // a little longer, so that a second post of any event would have arrived
        for (var i = 0; i < 25; i++)
        {
            first.Time.Advance(TimeSpan.FromMilliseconds(200));
            second.Time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(20);
        }

        var ids = receiver.Requests.Select(r => r.Id).ToList();
        ids.Count.ShouldBe(ids.Distinct().Count(), "no event was posted twice");
        ids.Count(id => id.StartsWith("evt_backlog_", StringComparison.Ordinal)).ShouldBe(40);
        receiver.Requests.ShouldAllBe(r => r.IsSignedWith(secret));
        _schema.Scalar($"SELECT COUNT(*) FROM \"{_schema.Name}\".event_deliveries WHERE state <> 1;").ShouldBe(0L);
    }
}
