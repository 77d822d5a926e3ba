using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// <see cref="ISnsTelegramNotifier.NotifyManyAsync"/> against a real store, the same for every provider: each kind of user
/// (linked in Korean or English, muting the type, turned off, digesting it, in quiet hours, not linked) gets from the list
/// exactly what <see cref="ISnsTelegramNotifier.NotifyAsync(SnsNotification, CancellationToken)"/> gives a twin with the
/// same settings; keys repeated in the list or sent again answer Duplicate; a list longer than one chunk keeps each chat's
/// order; a bad notification stops the list before anything is queued.
/// </summary>
internal static class BroadcastScenario
{
    /// <summary>The instant the scenario runs at: 09:00 UTC, inside 08:00–10:00 quiet hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly (string Kind, Func<ChatLink, ChatLink>? Settings)[] Kinds =
    [
        ("ko", l => l),
        ("en", l => l with { Language = "en" }),
        ("muted", l => l with { MutedTypes = new HashSet<string> { NotificationTypes.PostSuccess } }),
        ("off", l => l with { Enabled = false, DisabledReason = ChatLinkDisabledReasons.StoppedByUser }),
        ("digest", l => l with { DigestMinutes = 30 }),
        ("quiet", l => l with { TimeZone = "UTC", QuietHours = new QuietHours(new TimeOnly(8, 0), new TimeOnly(10, 0)) }),
        ("none", null),
    ];

    private static PostPublished Post(string user, string postId) =>
        new(user, SnsPlatform.Instagram, "Spring collection <b>launch</b>", "https://www.instagram.com/p/abc/") { PostId = postId };

    /// <summary>Runs the scenario with <paramref name="services"/> (an app over the store under test, on a clock at <see cref="Start"/>).</summary>
    public static async Task RunAsync(IServiceProvider services)
    {
        services.GetRequiredService<TimeProvider>().GetUtcNow().ShouldBe(Start);
        var links = services.GetRequiredService<IChatLinkStore>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        var notifier = services.GetRequiredService<ISnsTelegramNotifier>();
        long chat = 1000;
        foreach (var (kind, settings) in Kinds)
        {
            foreach (var side in new[] { "bulk", "single" })
            {
                if (settings is not null)
                {
                    await links.LinkAsync(settings(new ChatLink { UserId = $"{side}-{kind}", ChatId = ++chat, LinkedAt = Start }), exclusiveChat: true);
                }
            }
        }

        // the list: one post per kind of user, the first user's post again (same key), and a second post of the first user
        List<SnsNotification> list = [.. Kinds.Select(k => Post($"bulk-{k.Kind}", $"bulk-{k.Kind}"))];
        list.Add(Post("bulk-ko", "bulk-ko"));
        list.Add(Post("bulk-ko", "bulk-ko-2"));
        var bulk = await notifier.NotifyManyAsync(list);

        bulk.Count.ShouldBe(list.Count);
        for (var i = 0; i < Kinds.Length; i++)
        {
            var single = await notifier.NotifyAsync(Post($"single-{Kinds[i].Kind}", $"single-{Kinds[i].Kind}"));
            bulk[i].Status.ShouldBe(single.Status, $"the {Kinds[i].Kind} user gets what NotifyAsync gives");
            if (single.OutboxId is { } singleId)
            {
                var fromList = (await outbox.GetAsync(bulk[i].OutboxId!.Value)).ShouldNotBeNull();
                var alone = (await outbox.GetAsync(singleId)).ShouldNotBeNull();
                fromList.Message.Text.ShouldBe(alone.Message.Text, $"the {Kinds[i].Kind} user's message is rendered as NotifyAsync renders it");
                fromList.Message.Silent.ShouldBe(alone.Message.Silent);
                fromList.Lane.ShouldBe(alone.Lane);
                fromList.DueAt.ShouldBe(alone.DueAt);
                fromList.ChatId.ShouldBe((await links.GetAsync($"bulk-{Kinds[i].Kind}")).ShouldNotBeNull().ChatId);
            }
        }

        bulk.Select(r => r.Status).ShouldBe(
        [
            NotifyStatus.Queued, NotifyStatus.Queued, NotifyStatus.Muted, NotifyStatus.Disabled, NotifyStatus.Digested,
            NotifyStatus.Queued, NotifyStatus.NotLinked, NotifyStatus.Duplicate, NotifyStatus.Queued,
        ]);
        (await outbox.GetAsync(bulk[0].OutboxId!.Value)).ShouldNotBeNull().Message.Text.ShouldNotBe((await outbox.GetAsync(bulk[1].OutboxId!.Value))!.Message.Text);
        (await outbox.GetAsync(bulk[5].OutboxId!.Value)).ShouldNotBeNull().Message.Silent.ShouldBeTrue("quiet hours deliver silently");
        bulk[7].OutboxId.ShouldBe(bulk[0].OutboxId);

        // the muted and the digested post leave the same note in the activity log as when notified alone
        var notes = services.GetRequiredService<INotificationNoteStore>();
        foreach (var (kind, expected) in new[] { ("muted", NotificationNoteKind.Muted), ("digest", NotificationNoteKind.Digested) })
        {
            var fromList = await notes.QueryAsync($"bulk-{kind}", Start.AddDays(-1), null, 10);
            var alone = await notes.QueryAsync($"single-{kind}", Start.AddDays(-1), null, 10);
            fromList.Select(n => n.Kind).ShouldBe([expected], $"the {kind} user's list post is noted for the activity log");
            alone.Select(n => n.Kind).ShouldBe([expected]);
        }
        bulk[8].OutboxId!.Value.ShouldBeGreaterThan(bulk[0].OutboxId!.Value);

        // the same list again queues nothing new
        var again = await notifier.NotifyManyAsync(list);
        again.Select(r => r.Status).ShouldBe(
        [
            NotifyStatus.Duplicate, NotifyStatus.Duplicate, NotifyStatus.Muted, NotifyStatus.Disabled, NotifyStatus.Duplicate,
            NotifyStatus.Duplicate, NotifyStatus.NotLinked, NotifyStatus.Duplicate, NotifyStatus.Duplicate,
        ]);
        again.Select(r => r.OutboxId).ShouldBe(bulk.Select(r => r.Status == NotifyStatus.Digested ? null : r.OutboxId));

        // a bad notification stops the list before anything of it is queued
        var pending = (await outbox.GetStatsAsync(Start)).Pending;
        var bad = await Should.ThrowAsync<ArgumentException>(async () => await notifier.NotifyManyAsync([Post("bulk-ko", "late-1"), Post("bad\nuser", "late-2")]));
        bad.ParamName.ShouldBe("notifications[1]");
        (await Should.ThrowAsync<ArgumentNullException>(async () => await notifier.NotifyManyAsync([Post("bulk-ko", "late-1"), null!]))).ParamName.ShouldBe("notifications[1]");
        (await outbox.GetStatsAsync(Start)).Pending.ShouldBe(pending);
        (await notifier.NotifyManyAsync([])).ShouldBeEmpty();
    }

    /// <summary>
    /// A list longer than one chunk (<c>SnsTelegramNotifier.ListChunk</c>): every user linked gets one message, the users with
    /// two posts in it (in different chunks) get them in list order.
    /// </summary>
    public static async Task RunLongListAsync(IServiceProvider services)
    {
        var links = services.GetRequiredService<IChatLinkStore>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        const int Users = 620;
        for (var u = 0; u < Users; u++)
        {
            await links.LinkAsync(new ChatLink { UserId = $"fan-{u}", ChatId = 50_000 + u, LinkedAt = Start }, exclusiveChat: true);
        }

        var list = Enumerable.Range(0, Users + 10).Select(i => i < Users ? Post($"fan-{i}", $"first-{i}") : Post($"fan-{i - Users}", $"second-{i - Users}")).ToList();
        var results = await services.GetRequiredService<ISnsTelegramNotifier>().NotifyManyAsync(list);

        results.ShouldAllBe(r => r.Status == NotifyStatus.Queued);
        results.Select(r => r.OutboxId!.Value).ShouldBeInOrder(SortDirection.Ascending);
        var leased = await outbox.LeaseAsync(2 * Users, Start, TimeSpan.FromMinutes(1));
        leased.Count.ShouldBe(Users, "one message per chat: the second posts wait behind the first");
        leased.ShouldAllBe(l => l.Message.IdempotencyKey.StartsWith("post_success:first-", StringComparison.Ordinal));
    }

    /// <summary>A clock at <see cref="Start"/> for the app under test.</summary>
    public static FakeTimeProvider Clock() => new(Start);
}
