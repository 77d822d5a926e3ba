using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sample.Tests;

/// <summary>The mini scheduler's publisher: due posts are published once, and a crash never loses or doubles a post or its notification.</summary>
public sealed class CrashSafePublisherTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestFile _db = new(createDirectory: true);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingNotifier _notifier = new();
    private readonly IOptions<SampleOptions> _options = Options.Create(new SampleOptions { FailureRate = 0, PublishLeaseSeconds = 60, MaxPublishAttempts = 3 });

    public void Dispose() => _db.Dispose();

    /// <summary>A new process on the same file: new connections, new services.</summary>
    private (SnsAutoPoster Poster, SnsRepository Repository) Boot(ISnsPublisher? publisher = null)
    {
        var repository = new SnsRepository(new SnsDatabase(_db.ConnectionString));
        var poster = new SnsAutoPoster(repository, publisher ?? new SimulatedPublisher(_options), _notifier, _time, _options, NullLogger<SnsAutoPoster>.Instance);
        return (poster, repository);
    }

    [Fact]
    public async Task Due_posts_are_published_and_notified_once_and_future_posts_wait()
    {
        var (poster, repository) = Boot();
        var due = await repository.CreatePostAsync("alice", "instagram", "Spring sale", Start.AddMinutes(-1), Start, default);
        var later = await repository.CreatePostAsync("alice", "twitter", "Tomorrow", Start.AddDays(1), Start, default);

        var report = await poster.RunOnceAsync(default);
        await poster.RunOnceAsync(default);

        report.Published.ShouldBe(1);
        (await repository.GetPostAsync(due.Id, default))!.Status.ShouldBe(PostStatus.Published);
        (await repository.GetPostAsync(later.Id, default))!.Status.ShouldBe(PostStatus.Scheduled);
        var sent = _notifier.Received.ShouldHaveSingleItem().ShouldBeOfType<PostPublished>();
        sent.UserId.ShouldBe("alice");
        sent.Platform.ShouldBe(SnsPlatform.Instagram);
        sent.PostId.ShouldBe(due.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        sent.PostUrl.ShouldNotBeNull();
        sent.Likes.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_post_whose_publisher_died_is_published_after_its_lease_ends_and_notified_once()
    {
        var hanging = new HangingPublisher();
        var (crashing, repository) = Boot(hanging);
        var post = await repository.CreatePostAsync("alice", "facebook", "Launch day", Start, Start, default);

        // The first process takes the post and dies while the platform call is in flight.
        using (var death = new CancellationTokenSource())
        {
            var run = crashing.RunOnceAsync(death.Token);
            await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            death.Cancel();
            await Should.ThrowAsync<OperationCanceledException>(run);
        }

        var stuck = (await repository.GetPostAsync(post.Id, default))!;
        stuck.Status.ShouldBe(PostStatus.Publishing);
        stuck.LeaseUntil.ShouldBe(Start.AddSeconds(60));

        // Restarted before the lease ends: the post is left alone (its publisher might still be alive).
        var (restarted, restartedRepository) = Boot();
        _time.Advance(TimeSpan.FromSeconds(30));
        (await restarted.RunOnceAsync(default)).Published.ShouldBe(0);
        _notifier.Received.ShouldBeEmpty();

        // After the lease: published, notified once, and later runs change nothing.
        _time.Advance(TimeSpan.FromSeconds(31));
        (await restarted.RunOnceAsync(default)).Published.ShouldBe(1);
        await restarted.RunOnceAsync(default);
        var done = (await restartedRepository.GetPostAsync(post.Id, default))!;
        done.Status.ShouldBe(PostStatus.Published);
        done.Attempts.ShouldBe(2);
        done.Notified.ShouldBeTrue();
        _notifier.Received.ShouldHaveSingleItem().ShouldBeOfType<PostPublished>().IdempotencyKey.ShouldBe($"sample-post:{post.Id}:published");
    }

    [Fact]
    public async Task A_post_interrupted_more_than_the_allowed_attempts_is_marked_failed_and_the_failure_is_notified()
    {
        var (_, repository) = Boot();
        var post = await repository.CreatePostAsync("alice", "tiktok", "Dance", Start, Start, default);
        for (var i = 0; i < 3; i++)
        {
            (await repository.ClaimDuePostsAsync(_time.GetUtcNow(), _time.GetUtcNow().AddSeconds(60), 10, default)).ShouldHaveSingleItem();
            _time.Advance(TimeSpan.FromSeconds(61)); // each publisher died; its lease ran out
        }

        var (poster, _) = Boot();
        var report = await poster.RunOnceAsync(default);

        report.Failed.ShouldBe(1);
        var failed = (await repository.GetPostAsync(post.Id, default))!;
        failed.Status.ShouldBe(PostStatus.Failed);
        failed.Error.ShouldBe("Publishing was interrupted too many times");
        var sent = _notifier.Received.ShouldHaveSingleItem().ShouldBeOfType<PostFailed>();
        sent.ErrorMessage.ShouldBe("Publishing was interrupted too many times");
        sent.PostId.ShouldBe(post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_notification_that_could_not_be_queued_is_queued_by_the_next_run_and_not_twice()
    {
        var (poster, repository) = Boot();
        var post = await repository.CreatePostAsync("alice", "linkedin", "Hiring", Start, Start, default);
        _notifier.FailuresToInject = 1;

        var first = await poster.RunOnceAsync(default);
        first.Published.ShouldBe(1);
        first.Notifications.ShouldBe(0);
        (await repository.GetPostAsync(post.Id, default))!.Notified.ShouldBeFalse();

        var (restarted, _) = Boot();
        (await restarted.RunOnceAsync(default)).Notifications.ShouldBe(1);
        (await restarted.RunOnceAsync(default)).Notifications.ShouldBe(0);
        _notifier.Queued.ShouldHaveSingleItem().ShouldBeOfType<PostPublished>();
    }

    [Fact]
    public async Task A_publisher_that_throws_marks_the_post_failed_instead_of_leaving_it_stuck()
    {
        var (poster, repository) = Boot(new ThrowingPublisher());
        var post = await repository.CreatePostAsync("alice", "youtube", "Trailer", Start, Start, default);

        (await poster.RunOnceAsync(default)).Failed.ShouldBe(1);

        (await repository.GetPostAsync(post.Id, default))!.Status.ShouldBe(PostStatus.Failed);
        _notifier.Received.ShouldHaveSingleItem().ShouldBeOfType<PostFailed>().ErrorMessage.ShouldBe("The publisher failed unexpectedly");
    }

    [Fact]
    public async Task A_due_automation_rule_posts_to_each_platform_notifies_its_run_and_moves_to_its_next_occurrence()
    {
        var (poster, repository) = Boot();
        var schedule = AutomationSchedule.Create("*/10 * * * *", "UTC");
        var rule = await repository.CreateAutomationAsync("bob", "Daily promo", ["instagram", "twitter"], "*/10 * * * *", "UTC", schedule.GetNextOccurrence(Start), Start, default);
        rule.NextRunAt.ShouldBe(Start.AddMinutes(10));

        (await poster.RunOnceAsync(default)).AutomationRuns.ShouldBe(0);
        _time.Advance(TimeSpan.FromMinutes(10));
        var report = await poster.RunOnceAsync(default);
        await poster.RunOnceAsync(default);

        report.AutomationRuns.ShouldBe(1);
        report.Published.ShouldBe(2);
        var sent = _notifier.Received.ShouldHaveSingleItem().ShouldBeOfType<AutomationExecuted>();
        sent.RuleName.ShouldBe("Daily promo");
        sent.Platforms.ShouldBe([SnsPlatform.Instagram, SnsPlatform.Twitter]);
        sent.Status.ShouldBe(AutomationStatus.Completed);
        sent.ExecutedAt.ShouldBe(Start.AddMinutes(10));
        var stored = (await repository.ListAutomationsAsync("bob", default)).ShouldHaveSingleItem();
        stored.NextRunAt.ShouldBe(Start.AddMinutes(20));
        stored.LastStatus.ShouldBe(nameof(AutomationStatus.Completed));
        (await repository.ListPostsAsync("bob", 10, default)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_automation_run_with_a_failing_platform_is_reported_as_partially_completed()
    {
        var (poster, repository) = Boot();
        await repository.CreateAutomationAsync("bob", "Mixed #fail", ["instagram"], "* * * * *", "UTC", Start, Start, default);
        await repository.CreateAutomationAsync("bob", "Mixed", ["instagram"], "* * * * *", "UTC", Start, Start, default);

        await poster.RunOnceAsync(default);

        _notifier.Received.Count.ShouldBe(2);
        _notifier.Received.OfType<AutomationExecuted>().Single(n => n.RuleName == "Mixed #fail").Status.ShouldBe(AutomationStatus.Failed);
        _notifier.Received.OfType<AutomationExecuted>().Single(n => n.RuleName == "Mixed").Status.ShouldBe(AutomationStatus.Completed);
    }

    [Fact]
    public async Task The_simulated_publisher_is_deterministic_and_honours_the_failure_rate()
    {
        var post = new SnsPost(7, "alice", "instagram", "Hello", Start, PostStatus.Publishing, 1, null, null, null, 0, 0, 0, 0, null, null, false, Start);
        var normal = new SimulatedPublisher(Options.Create(new SampleOptions { FailureRate = 0 }));
        var always = new SimulatedPublisher(Options.Create(new SampleOptions { FailureRate = 1 }));

        var a = await normal.PublishAsync(post, default);
        var b = await normal.PublishAsync(post, default);

        a.ShouldBe(b);
        a.Succeeded.ShouldBeTrue();
        a.PostUrl.ShouldBe("https://example.com/instagram/posts/7");
        (await always.PublishAsync(post, default)).Succeeded.ShouldBeFalse();
        (await normal.PublishAsync(post with { Text = "Hello #fail" }, default)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task The_activity_source_reports_finished_posts_of_the_asked_users_in_the_range()
    {
        var (poster, repository) = Boot();
        await repository.CreatePostAsync("alice", "instagram", "one", Start, Start, default);
        await repository.CreatePostAsync("alice", "twitter", "two #fail", Start, Start, default);
        await repository.CreatePostAsync("carol", "instagram", "other user", Start, Start, default);
        await repository.CreatePostAsync("alice", "instagram", "not yet", Start.AddDays(2), Start, default);
        await poster.RunOnceAsync(default);

        var source = new SnsPostActivitySource(repository);
        var activity = new List<PostActivity>();
        await foreach (var item in source.GetActivityAsync(["alice"], Start.AddHours(-1), Start.AddHours(1)))
        {
            activity.Add(item);
        }

        activity.Count.ShouldBe(2);
        activity.ShouldAllBe(a => a.UserId == "alice");
        activity.Single(a => a.Platform == SnsPlatform.Instagram).Outcome.ShouldBe(PostOutcome.Succeeded);
        activity.Single(a => a.Platform == SnsPlatform.Twitter).Outcome.ShouldBe(PostOutcome.Failed);

        var outside = new List<PostActivity>();
        await foreach (var item in source.GetActivityAsync(["alice"], Start.AddHours(1), Start.AddHours(2)))
        {
            outside.Add(item);
        }

        outside.ShouldBeEmpty();
    }

    private sealed class HangingPublisher : ISnsPublisher
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<PublishResult> PublishAsync(SnsPost post, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class ThrowingPublisher : ISnsPublisher
    {
        public Task<PublishResult> PublishAsync(SnsPost post, CancellationToken cancellationToken) => throw new HttpRequestException("connection reset");
    }
}
