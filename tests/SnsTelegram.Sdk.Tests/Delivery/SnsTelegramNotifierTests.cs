using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class SnsTelegramNotifierTests
{
    [Fact]
    public async Task A_user_without_a_link_an_off_link_or_a_muted_type_gets_nothing_queued()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("off", 1, l => l with { Enabled = false, DisabledReason = ChatLinkDisabledReasons.StoppedByUser });
        await h.LinkAsync("muted", 2, l => l with { MutedTypes = new HashSet<string> { NotificationTypes.PostSuccess, NotificationTypes.Test } });

        (await h.Notifier.NotifyAsync(new TestMessage("nobody"))).ShouldBe(new NotifyResult(NotifyStatus.NotLinked));
        (await h.Notifier.NotifyAsync(new TestMessage("off"))).ShouldBe(new NotifyResult(NotifyStatus.Disabled));
        (await h.Notifier.NotifyAsync(new PostPublished("muted", SnsPlatform.Instagram, "hi", null))).ShouldBe(new NotifyResult(NotifyStatus.Muted));

        (await h.Outbox.GetStatsAsync(DeliveryHarness.Start)).Pending.ShouldBe(0);

        // a test message is never muted
        (await h.Notifier.NotifyAsync(new TestMessage("muted"))).Status.ShouldBe(NotifyStatus.Queued);
    }

    [Fact]
    public async Task The_message_is_rendered_in_the_users_language_and_zone_and_stored_for_the_users_chat()
    {
        var formatter = new RecordingFormatter();
        await using var h = DeliveryHarness.Create(o => { o.DefaultLanguage = "ko"; o.DefaultTimeZone = "Asia/Seoul"; }, s => s.AddSingleton<ITelegramMessageFormatter>(formatter));
        await h.LinkAsync("en-user", 11, l => l with { Language = "en", TimeZone = "Europe/Berlin" });
        await h.LinkAsync("default-user", -22, type: TelegramChatType.Supergroup);

        var first = await h.Notifier.NotifyAsync(new TestMessage("en-user"));
        var second = await h.Notifier.NotifyAsync(new TestMessage("default-user"));

        var contexts = formatter.Contexts.ToArray();
        contexts[0].Language.ShouldBe("en");
        contexts[0].TimeZone.Id.ShouldBe("Europe/Berlin");
        contexts[1].Language.ShouldBe("ko");
        contexts[1].TimeZone.Id.ShouldBe("Asia/Seoul");
        contexts.ShouldAllBe(c => !c.CanRetry);

        var stored = await h.MessageAsync(second.OutboxId!.Value);
        stored.ChatId.ShouldBe(-22);
        stored.ChatType.ShouldBe(TelegramChatType.Supergroup);
        stored.UserId.ShouldBe("default-user");
        stored.NotificationType.ShouldBe(NotificationTypes.Test);
        stored.Message.Text.ShouldBe("test:default-user:");
        stored.CreatedAt.ShouldBe(DeliveryHarness.Start);
        stored.DueAt.ShouldBe(DeliveryHarness.Start);
        (await h.MessageAsync(first.OutboxId!.Value)).ChatId.ShouldBe(11);
    }

    [Fact]
    public async Task The_retry_button_is_offered_only_when_the_host_can_retry_posts()
    {
        var formatter = new RecordingFormatter();
        await using var h = DeliveryHarness.Create(null, s => s.AddSingleton<ITelegramMessageFormatter>(formatter).AddScoped<IPostRetryHandler, NoRetry>());
        await h.LinkAsync("u", 1);

        await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Twitter, "text", "boom") { PostId = "p1" });

        formatter.Contexts.Single().CanRetry.ShouldBeTrue();
    }

    [Theory]
    [InlineData("22:00", "07:00", 23, true)]
    [InlineData("22:00", "07:00", 6, true)]
    [InlineData("22:00", "07:00", 7, false)]
    [InlineData("13:00", "14:00", 12, false)]
    public async Task Quiet_hours_in_the_users_zone_make_the_message_silent(string start, string end, int localHour, bool silent)
    {
        await using var h = DeliveryHarness.Create();

        // Seoul is UTC+9: the harness clock (09:00 UTC) is 18:00 there; move it to the wanted local hour
        h.Time.Advance(TimeSpan.FromHours((localHour - 18 + 24) % 24));
        await h.LinkAsync("u", 1, l => l with { TimeZone = "Asia/Seoul", QuietHours = new QuietHours(TimeOnly.Parse(start), TimeOnly.Parse(end)) });

        var result = await h.Notifier.NotifyAsync(new TestMessage("u"));

        (await h.MessageAsync(result.OutboxId!.Value)).Message.Silent.ShouldBe(silent);
    }

    [Fact]
    public async Task Idempotency_keys_are_the_callers_or_derived_from_the_post_or_the_report_date()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 1);

        var published = await h.Notifier.NotifyAsync(new PostPublished("u", SnsPlatform.Instagram, "a", null) { PostId = "p-9" });
        var again = await h.Notifier.NotifyAsync(new PostPublished("u", SnsPlatform.Instagram, "a", null) { PostId = "p-9" });
        again.ShouldBe(new NotifyResult(NotifyStatus.Duplicate, published.OutboxId));
        (await h.MessageAsync(published.OutboxId!.Value)).IdempotencyKey.ShouldBe("post_success:p-9");

        var report = new DailySummary("u", new DateOnly(2026, 2, 28), 3, 2, 1, 10, []);
        var r1 = await h.Notifier.NotifyAsync(report);
        (await h.Notifier.NotifyAsync(report)).Status.ShouldBe(NotifyStatus.Duplicate);
        (await h.MessageAsync(r1.OutboxId!.Value)).IdempotencyKey.ShouldBe("daily_summary:u:2026-02-28");

        var own = await h.Notifier.NotifyAsync(new TestMessage("u") { IdempotencyKey = "mine" });
        (await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "a", "e") { IdempotencyKey = "mine" })).ShouldBe(new NotifyResult(NotifyStatus.Duplicate, own.OutboxId));

        // without anything identifying it, every notification is new
        (await h.Notifier.NotifyAsync(new TestMessage("u"))).Status.ShouldBe(NotifyStatus.Queued);
        (await h.Notifier.NotifyAsync(new TestMessage("u"))).Status.ShouldBe(NotifyStatus.Queued);
        (await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "a", "e") { PostId = "p-9" })).Status.ShouldBe(NotifyStatus.Queued);
        (await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "a", "e") { PostId = "p-9" })).Status.ShouldBe(NotifyStatus.Queued);
    }

    [Fact]
    public async Task The_type_name_overload_builds_the_notification_from_a_snake_case_payload()
    {
        await using var h = DeliveryHarness.Create(o => o.DefaultLanguage = "en");
        await h.LinkAsync("u", 1);
        using var payload = JsonDocument.Parse("""{"platform":"instagram","preview":"Spring sale","post_url":"https://example.com/p/1","likes":5,"post_id":"42"}""");

        var result = await h.Notifier.NotifyAsync("post_success", "u", payload.RootElement);

        result.Status.ShouldBe(NotifyStatus.Queued);
        var stored = await h.MessageAsync(result.OutboxId!.Value);
        stored.IdempotencyKey.ShouldBe("post_success:42");
        stored.Message.Text.ShouldContain("Spring sale");
        await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.NotifyAsync("no_such_type", "u", payload.RootElement));
    }

    [Fact]
    public async Task An_invalid_notification_is_an_argument_error()
    {
        await using var h = DeliveryHarness.Create();
        await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.NotifyAsync(new TestMessage(" ")));
        await Should.ThrowAsync<ArgumentException>(async () => await h.Notifier.NotifyAsync(new TestMessage(null!)));
        await Should.ThrowAsync<ArgumentNullException>(async () => await h.Notifier.NotifyAsync(null!));
    }

    private sealed class NoRetry : IPostRetryHandler
    {
        public ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default) => ValueTask.FromResult("no");
    }
}
