using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>Digest windows and quiet hours that hold, walked through with a fake clock (the start is Sunday 2026-03-01 09:00 UTC).</summary>
public sealed class DigestTests
{
    private static PostPublished Post(string user, string id, string preview = "Spring launch") =>
        new(user, SnsPlatform.Instagram, preview, $"https://www.instagram.com/p/{id}/", 10, 1) { PostId = id };

    private static DigestCloser Closer(DeliveryHarness h) => h.Services.GetRequiredService<DigestCloser>();

    private static IDigestStore Digests(DeliveryHarness h) => h.Services.GetRequiredService<IDigestStore>();

    [Fact]
    public async Task Events_in_a_window_go_out_as_one_digest_when_it_closes()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 30, Language = "en" });

        (await h.Notifier.NotifyAsync(Post("u", "p1"))).ShouldBe(new NotifyResult(NotifyStatus.Digested));
        h.Time.Advance(TimeSpan.FromMinutes(10));
        (await h.Notifier.NotifyAsync(Post("u", "p2"))).Status.ShouldBe(NotifyStatus.Digested);
        (await h.Notifier.NotifyAsync(new AutomationExecuted("u", "Morning rule", [SnsPlatform.Twitter]))).Status.ShouldBe(NotifyStatus.Digested);
        (await h.Notifier.NotifyAsync(Post("u", "p1"))).Status.ShouldBe(NotifyStatus.Duplicate);

        // a failure is urgent: not digested unless the user lists it
        var failure = await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "Broken", "quota"));
        failure.Status.ShouldBe(NotifyStatus.Queued);
        (await h.Outbox.GetStatsAsync(h.Time.GetUtcNow())).Pending.ShouldBe(1);

        // the window opened with the first event and closes 30 minutes after it, not after the last one
        h.Time.Advance(TimeSpan.FromMinutes(19));
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(0);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var window = (await Digests(h).ListDueAsync(h.Time.GetUtcNow(), 10)).ShouldHaveSingleItem();
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(1);
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(0);

        var digest = (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(window.Id))).ShouldNotBeNull();
        digest.NotificationType.ShouldBe(NotificationTypes.Digest);
        digest.ChatId.ShouldBe(7);
        digest.Lane.ShouldBe(DeliveryLane.Normal);
        digest.Message.Text.ShouldContain("<b>SNS digest</b>");
        digest.Message.Text.ShouldContain("📝 Posts: 2");
        digest.Message.Text.ShouldContain("⚙️ Automation runs: 1");
        digest.Message.Text.ShouldContain("<a href=\"https://www.instagram.com/p/p2/\">Spring launch</a>");

        await h.StartAsync();
        await h.WaitForStateAsync(digest.Id, OutboxState.Sent);
        h.Gateway.Delivered.Count(d => d.Text.Contains("SNS digest", StringComparison.Ordinal)).ShouldBe(1);

        // the next event opens a new window
        (await h.Notifier.NotifyAsync(Post("u", "p3"))).Status.ShouldBe(NotifyStatus.Digested);
        (await Digests(h).ListDueAsync(h.Time.GetUtcNow().AddMinutes(30), 10)).ShouldHaveSingleItem().Id.ShouldNotBe(window.Id);
    }

    [Fact]
    public async Task Failures_are_digested_only_when_listed_and_other_types_then_go_at_once()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 5, DigestTypes = new HashSet<string> { NotificationTypes.PostFailure } });

        (await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "Broken", "quota"))).Status.ShouldBe(NotifyStatus.Digested);
        (await h.Notifier.NotifyAsync(Post("u", "p1"))).Status.ShouldBe(NotifyStatus.Queued);
        (await h.Notifier.NotifyAsync(new TestMessage("u"))).Status.ShouldBe(NotifyStatus.Queued);
    }

    [Fact]
    public async Task The_edit_of_a_digested_post_is_dropped()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 30 });
        await h.Notifier.NotifyAsync(Post("u", "p1"));

        (await h.Notifier.UpdateAsync(Post("u", "p1") with { Likes = 999 })).ShouldBe(new NotifyResult(NotifyStatus.Digested));
        (await h.Notifier.UpdateAsync(Post("u", "never-sent"))).Status.ShouldBe(NotifyStatus.NotFound);
        (await h.Outbox.GetStatsAsync(h.Time.GetUtcNow())).Pending.ShouldBe(0);
    }

    [Fact]
    public async Task Quiet_hours_in_hold_mode_hold_messages_until_they_end_and_fold_them_into_one_digest()
    {
        await using var h = DeliveryHarness.Create();
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) { Mode = QuietHoursMode.Hold, Days = WeekDays.Sunday };
        await h.LinkAsync("u", 7, l => l with { QuietHours = quiet, Language = "ko", TimeZone = "UTC" });

        // Sunday 09:00: outside the quiet hours, sent at once with sound
        var before = await h.Notifier.NotifyAsync(Post("u", "p0"));
        before.Status.ShouldBe(NotifyStatus.Queued);
        (await h.MessageAsync(before.OutboxId!.Value)).Message.Silent.ShouldBeFalse();

        // Sunday 22:30: held, failures too (no urgent bypass)
        h.Time.Advance(TimeSpan.FromHours(13.5));
        (await h.Notifier.NotifyAsync(Post("u", "p1"))).Status.ShouldBe(NotifyStatus.Digested);
        (await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Twitter, "Thread", "503"))).Status.ShouldBe(NotifyStatus.Digested);
        var test = await h.Notifier.NotifyAsync(new TestMessage("u"));
        test.Status.ShouldBe(NotifyStatus.Queued);
        var report = await h.Notifier.NotifyAsync(new DailySummary("u", new DateOnly(2026, 3, 1), 1, 1, 0, 10, []));
        report.Status.ShouldBe(NotifyStatus.Queued);
        var held = await h.MessageAsync(report.OutboxId!.Value);
        held.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero), "a report is not folded: it waits for the end of the quiet hours");
        held.Message.Silent.ShouldBeFalse();

        // Monday 06:59: still held; 07:00: one digest with both events
        h.Time.Advance(TimeSpan.FromHours(8.5) - TimeSpan.FromMinutes(1));
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(0);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var window = (await Digests(h).ListDueAsync(h.Time.GetUtcNow(), 10)).ShouldHaveSingleItem();
        window.Held.ShouldBeTrue();
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(1);
        var digest = (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(window.Id))).ShouldNotBeNull();
        digest.Message.Text.ShouldStartWith("🌙 <b>방해 금지 시간 동안의 알림</b>");
        digest.Message.Text.ShouldContain("❌ 실패: 1개");
        digest.Message.Silent.ShouldBeFalse();

        // Monday 22:30 is not a quiet day: sent at once
        h.Time.Advance(TimeSpan.FromHours(15.5));
        (await h.Notifier.NotifyAsync(Post("u", "p2"))).Status.ShouldBe(NotifyStatus.Queued);
    }

    [Fact]
    public async Task A_digest_window_that_closes_inside_held_quiet_hours_waits_for_their_end()
    {
        await using var h = DeliveryHarness.Create();
        var quiet = new QuietHours(new TimeOnly(9, 15), new TimeOnly(10, 0)) { Mode = QuietHoursMode.Hold };
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 30, QuietHours = quiet, TimeZone = "UTC" });

        (await h.Notifier.NotifyAsync(Post("u", "p1"))).Status.ShouldBe(NotifyStatus.Digested);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        var window = (await Digests(h).ListDueAsync(h.Time.GetUtcNow(), 10)).ShouldHaveSingleItem();
        window.Held.ShouldBeFalse();
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(1);

        var digest = (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(window.Id))).ShouldNotBeNull();
        digest.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        digest.Message.Silent.ShouldBeFalse();
    }

    [Fact]
    public async Task Urgent_types_bypass_held_quiet_hours_when_the_user_lets_them()
    {
        await using var h = DeliveryHarness.Create();
        var quiet = new QuietHours(new TimeOnly(8, 0), new TimeOnly(18, 0)) { Mode = QuietHoursMode.Hold, UrgentBypass = true };
        await h.LinkAsync("u", 7, l => l with { QuietHours = quiet });

        var failure = await h.Notifier.NotifyAsync(new PostFailed("u", SnsPlatform.Instagram, "Broken", "quota"));
        failure.Status.ShouldBe(NotifyStatus.Queued);
        (await h.MessageAsync(failure.OutboxId!.Value)).Message.Silent.ShouldBeFalse("an urgent message let through rings");
        (await h.Notifier.NotifyAsync(Post("u", "p1"))).Status.ShouldBe(NotifyStatus.Digested);
        (await Digests(h).ListDueAsync(new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero), 10)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Silent_quiet_hours_apply_on_their_days_only_and_a_range_past_midnight_belongs_to_its_first_day()
    {
        await using var h = DeliveryHarness.Create();
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) { Days = WeekDays.Sunday };
        await h.LinkAsync("u", 7, l => l with { QuietHours = quiet, TimeZone = "UTC" });

        // Monday 06:00 belongs to Sunday's range: silent
        h.Time.Advance(TimeSpan.FromHours(21));
        var early = await h.Notifier.NotifyAsync(new TestMessage("u"));
        (await h.MessageAsync(early.OutboxId!.Value)).Message.Silent.ShouldBeTrue();

        // Monday 22:30: Monday is not a quiet day
        h.Time.Advance(TimeSpan.FromHours(16.5));
        var late = await h.Notifier.NotifyAsync(new TestMessage("u"));
        (await h.MessageAsync(late.OutboxId!.Value)).Message.Silent.ShouldBeFalse();
    }

    [Fact]
    public async Task A_window_of_a_user_who_unlinked_closes_without_a_message()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 1 });
        await h.Notifier.NotifyAsync(Post("u", "p1"));
        await h.Links.UnlinkAsync("u");

        h.Time.Advance(TimeSpan.FromMinutes(1));
        (await Closer(h).CloseDueAsync(CancellationToken.None)).ShouldBe(1);
        (await h.Outbox.GetStatsAsync(h.Time.GetUtcNow())).Pending.ShouldBe(0);
        (await Digests(h).ListDueAsync(h.Time.GetUtcNow(), 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_users_digest_is_closed_on_request_before_its_close_time_and_once()
    {
        await using var h = DeliveryHarness.Create();
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 60, Language = "en" });
        await h.LinkAsync("other", 8, l => l with { DigestMinutes = 60 });
        var digests = h.Services.GetRequiredService<ISnsTelegramDigests>();
        digests.ShouldBeSameAs(Closer(h), "one closer for due windows and for windows closed on request");

        (await digests.GetOpenAsync("u")).ShouldBeEmpty();
        (await digests.CloseNowAsync("u")).ShouldBe(0);
        await h.Notifier.NotifyAsync(Post("u", "p1"));
        await h.Notifier.NotifyAsync(Post("u", "p2", "Summer launch"));
        await h.Notifier.NotifyAsync(Post("other", "p3"));
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var open = (await digests.GetOpenAsync("u")).ShouldHaveSingleItem();
        open.ItemCount.ShouldBe(2);
        open.ClosesAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        open.Held.ShouldBeFalse();

        (await digests.CloseNowAsync("u")).ShouldBe(1);
        (await digests.CloseNowAsync("u")).ShouldBe(0);
        (await digests.GetOpenAsync("u")).ShouldBeEmpty();
        (await digests.GetOpenAsync("other")).ShouldHaveSingleItem("another user's window is not touched");
        var digest = (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(open.Id))).ShouldNotBeNull();
        digest.DueAt.ShouldBe(h.Time.GetUtcNow());
        digest.Message.Text.ShouldContain("📝 Posts: 2");
        digest.Message.Text.ShouldContain("Summer launch");

        await Should.ThrowAsync<ArgumentException>(async () => await digests.CloseNowAsync(" "));
        await Should.ThrowAsync<ArgumentException>(async () => await digests.GetOpenAsync(new string('u', SnsUserId.MaxLength + 1)));
    }

    [Fact]
    public async Task A_held_window_closed_on_request_waits_for_the_quiet_hours_unless_they_were_turned_off()
    {
        await using var h = DeliveryHarness.Create();
        var quiet = new QuietHours(new TimeOnly(8, 0), new TimeOnly(18, 0)) { Mode = QuietHoursMode.Hold };
        await h.LinkAsync("u", 7, l => l with { QuietHours = quiet, TimeZone = "UTC" });
        var digests = h.Services.GetRequiredService<ISnsTelegramDigests>();

        await h.Notifier.NotifyAsync(Post("u", "p1"));
        var held = (await digests.GetOpenAsync("u")).ShouldHaveSingleItem();
        held.Held.ShouldBeTrue();
        held.ClosesAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero));
        (await digests.CloseNowAsync("u")).ShouldBe(1);
        (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(held.Id))).ShouldNotBeNull().DueAt.ShouldBe(held.ClosesAt, "still inside the quiet hours");

        // the user turns the quiet hours off: what is held now goes at once
        await h.Notifier.NotifyAsync(Post("u", "p2"));
        var link = (await h.Links.GetAsync("u")).ShouldNotBeNull();
        await h.Links.UpdateAsync(link with { QuietHours = null });
        var next = (await digests.GetOpenAsync("u")).ShouldHaveSingleItem();
        (await digests.CloseNowAsync("u")).ShouldBe(1);
        var digest = (await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(next.Id))).ShouldNotBeNull();
        digest.DueAt.ShouldBe(h.Time.GetUtcNow());
        digest.Message.Text.ShouldStartWith("🌙");
    }

    [Fact]
    public async Task The_hosted_closer_closes_due_windows_on_its_own()
    {
        await using var h = DeliveryHarness.Create(o => o.Digest.PollInterval = TimeSpan.FromSeconds(1));
        await h.LinkAsync("u", 7, l => l with { DigestMinutes = 2 });
        await h.Notifier.NotifyAsync(Post("u", "p1"));
        var window = (await Digests(h).ListDueAsync(h.Time.GetUtcNow().AddMinutes(2), 10)).ShouldHaveSingleItem();

        var hosted = h.Services.GetServices<IHostedService>().OfType<DigestCloser>().ShouldHaveSingleItem();
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    h.Time.Advance(TimeSpan.FromSeconds(1));
                    return await h.Outbox.FindByKeyAsync(DigestCloser.KeyOf(window.Id)) is not null;
                },
                "the closer queued the digest");
            h.Time.GetUtcNow().ShouldBeGreaterThanOrEqualTo(window.ClosesAt);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }
}
