using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Delivery;

namespace SnsTelegram.Sdk.Tests.Scheduling;

public sealed class HousekeepingJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task It_removes_old_processed_updates_completed_messages_job_occurrences_and_permits_and_keeps_recent_ones()
    {
        var time = new FakeTimeProvider(Now);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSnsTelegram(o =>
        {
            o.BotToken = TelegramGatewayTests.Token;
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
        });
        await using var provider = services.BuildServiceProvider();
        var updates = provider.GetRequiredService<IProcessedUpdateStore>();
        var outbox = provider.GetRequiredService<IOutboxStore>();
        var jobs = provider.GetRequiredService<IJobLeaseStore>();
        var permits = provider.GetRequiredService<IRateLimitStore>();
        var digests = provider.GetRequiredService<IDigestStore>();
        var notes = provider.GetRequiredService<INotificationNoteStore>();
        foreach (var (key, at) in new[] { ("muted-old", Now.AddDays(-8)), ("muted-recent", Now.AddDays(-1)) })
        {
            (await notes.AddAsync(new NotificationNote { Key = key, UserId = "u", NotificationType = NotificationTypes.PostFailure, Kind = NotificationNoteKind.Muted, CreatedAt = at })).ShouldBeTrue();
        }

        await updates.TryMarkProcessedAsync(1, Now.AddDays(-3));
        await updates.TryMarkProcessedAsync(2, Now.AddHours(-1));
        var old = await SendAsync(outbox, "old", Now.AddDays(-8));
        var recent = await SendAsync(outbox, "recent", Now.AddDays(-1));
        await jobs.CompleteAsync(new JobRunRecord("report", Now.AddDays(-8), "a", Now.AddDays(-8), TimeSpan.FromSeconds(1), JobOutcome.Succeeded));
        await jobs.CompleteAsync(new JobRunRecord("report", Now.AddDays(-1), "a", Now.AddDays(-1), TimeSpan.FromSeconds(1), JobOutcome.Succeeded));

        (await permits.TryTakeAsync("s", "ended", 1, TimeSpan.FromMinutes(1), Now.AddMinutes(-2))).Granted.ShouldBeTrue();
        (await permits.TryTakeAsync("s", "running", 1, TimeSpan.FromMinutes(1), Now.AddSeconds(-30))).Granted.ShouldBeTrue();

        foreach (var (key, closedAt) in new[] { ("digested-old", Now.AddDays(-8)), ("digested-recent", Now.AddDays(-1)) })
        {
            var window = await digests.AddAsync(new DigestItem { Key = key, UserId = key, NotificationType = NotificationTypes.PostSuccess, CreatedAt = closedAt }, closedAt.AddMinutes(-1), closedAt, hold: false);
            (await digests.CloseAsync(window.WindowId, 1, null, closedAt)).ShouldBeTrue();
        }

        var job = ActivatorUtilities.CreateInstance<HousekeepingJob>(provider);
        await job.ExecuteAsync(new JobContext(BuiltInJobs.Housekeeping, Now, Now, provider), CancellationToken.None);

        (await updates.TryMarkProcessedAsync(1, Now)).ShouldBeTrue("an update id older than two days is forgotten");
        (await updates.TryMarkProcessedAsync(2, Now)).ShouldBeFalse("a recent update id is kept");
        (await outbox.GetAsync(old)).ShouldBeNull();
        (await outbox.GetAsync(recent)).ShouldNotBeNull().State.ShouldBe(OutboxState.Sent);
        (await jobs.TryAcquireAsync("report", Now.AddDays(-8), "b", Now, Now.AddMinutes(1))).ShouldBeTrue("an occurrence older than a week is forgotten");
        (await jobs.TryAcquireAsync("report", Now.AddDays(-1), "b", Now, Now.AddMinutes(1))).ShouldBeFalse("a recent completed occurrence still holds");
        (await permits.PurgeAsync(Now)).ShouldBe(0, "the permit whose window ended was purged, the running one is kept");
        (await permits.TryTakeAsync("s", "running", 1, TimeSpan.FromMinutes(1), Now)).Granted.ShouldBeFalse("a permit in its window still counts");
        (await digests.ContainsAsync("digested-old")).ShouldBeFalse("a digest window closed more than Digest:Retention ago is forgotten");
        (await digests.ContainsAsync("digested-recent")).ShouldBeTrue();
        (await notes.QueryAsync("u", Now.AddDays(-30), null, 10)).Select(n => n.Key).ShouldBe(["muted-recent"], "a note older than Delivery:Retention is purged");
    }

    private static async Task<long> SendAsync(IOutboxStore outbox, string key, DateTimeOffset at)
    {
        var id = (await outbox.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = key,
            UserId = "u",
            ChatId = 1,
            NotificationType = NotificationTypes.Test,
            Message = new TelegramMessage("hello"),
            CreatedAt = at,
            DueAt = at,
        })).Id;
        var lease = (await outbox.LeaseAsync(1, at, TimeSpan.FromMinutes(1))).ShouldHaveSingleItem();
        (await outbox.MarkSentAsync(id, lease.LeaseId, at, 10)).ShouldBeTrue();
        return id;
    }
}
