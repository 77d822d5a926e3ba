using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class DeliveryHealthCheckTests
{
    [Fact]
    public async Task It_is_healthy_while_messages_flow_and_fails_when_the_oldest_due_message_waits_too_long()
    {
        // the dispatcher is not started, as when Telegram is unreachable: messages stay due
        await using var h = DeliveryHarness.Create(services: s => s.AddHealthChecks().AddSnsTelegramDelivery(maxDelay: TimeSpan.FromMinutes(2)));
        var health = h.Services.GetRequiredService<HealthCheckService>();
        await h.LinkAsync("u", 1);

        var empty = (await health.CheckHealthAsync()).Entries["snstelegram_delivery"];
        empty.Status.ShouldBe(HealthStatus.Healthy);
        empty.Data["pending"].ShouldBe(0L);

        await h.Notifier.NotifyAsync(new TestMessage("u"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var waiting = (await health.CheckHealthAsync()).Entries["snstelegram_delivery"];
        waiting.Status.ShouldBe(HealthStatus.Healthy);
        waiting.Data["due"].ShouldBe(1L);
        waiting.Data["oldest_due_wait_seconds"].ShouldBe(60.0);

        h.Time.Advance(TimeSpan.FromMinutes(2));
        var stuck = (await health.CheckHealthAsync()).Entries["snstelegram_delivery"];
        stuck.Status.ShouldBe(HealthStatus.Unhealthy);
        stuck.Description.ShouldBe("1 notifications are waiting; the oldest for 180 s (allowed: 120 s)");

        // once the dispatcher delivers it, the check is healthy again
        await h.StartAsync();
        await Eventually.WaitUntilAsync(async () => (await h.Outbox.GetStatsAsync(h.Time.GetUtcNow())).Pending == 0, "the message is sent");
        (await health.CheckHealthAsync()).Entries["snstelegram_delivery"].Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task A_429_pause_shows_in_the_data()
    {
        await using var h = DeliveryHarness.Create(services: s => s.AddHealthChecks().AddSnsTelegramDelivery(failureStatus: HealthStatus.Degraded));
        h.Services.GetRequiredService<DeliveryRateLimiter>().OnRateLimited(1, TelegramChatType.Private, TimeSpan.FromSeconds(30));
        var entry = (await h.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["snstelegram_delivery"];
        entry.Status.ShouldBe(HealthStatus.Healthy);
        entry.Data["rate_limited_until"].ShouldBe(DeliveryHarness.Start.AddSeconds(30).ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_delay_that_is_not_positive_is_refused()
    {
        var builder = new ServiceCollection().AddHealthChecks();
        Should.Throw<ArgumentOutOfRangeException>(() => builder.AddSnsTelegramDelivery(maxDelay: TimeSpan.Zero)).ParamName.ShouldBe("maxDelay");
    }
}
