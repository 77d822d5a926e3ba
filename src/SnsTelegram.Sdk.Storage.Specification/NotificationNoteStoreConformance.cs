namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>
/// The behaviour every <see cref="INotificationNoteStore"/> provider must have: a kind and key are noted once; ids
/// increase; a user's notes are listed newest first, from a creation time and below an id, one user's only; purge deletes
/// the notes created before an instant; a note without a key, or a digested one without its window, is refused.
/// </summary>
/// <remarks>
/// Derive a sealed class from this one in an xunit test project and return your store from <see cref="CreateStore"/>.
/// </remarks>
public abstract class NotificationNoteStoreConformance
{
    /// <summary>The instant the tests start from; every time in a test is relative to it.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a store over the same storage as every other store this test instance creates (a database provider should
    /// return a store with its own connections each time, as another app instance would have).
    /// </summary>
    /// <returns>A store over this test's storage.</returns>
    protected abstract INotificationNoteStore CreateStore();

    /// <summary>A kind and key are noted once; the same key of the other kind is another note.</summary>
    [Fact]
    public async Task A_kind_and_key_are_noted_once()
    {
        var store = CreateStore();
        (await store.AddAsync(Muted("post_success:p1", "alice", T0))).ShouldBeTrue();
        (await CreateStore().AddAsync(Muted("post_success:p1", "alice", T0.AddMinutes(1)))).ShouldBeFalse();
        (await CreateStore().AddAsync(Digested("post_success:p1", "alice", T0.AddMinutes(2), 7))).ShouldBeTrue();

        var notes = await CreateStore().QueryAsync("alice", T0, null, 10);
        notes.Select(n => n.Kind).ShouldBe([NotificationNoteKind.Digested, NotificationNoteKind.Muted]);
        notes[1].CreatedAt.ShouldBe(T0, "the first note stays");
    }

    /// <summary>A note is kept whole, with an id larger than every earlier note's.</summary>
    [Fact]
    public async Task A_note_is_kept_whole_with_increasing_ids()
    {
        var store = CreateStore();
        await store.AddAsync(Muted("automation_executed:a", "alice", T0));
        await store.AddAsync(Digested("post_failure:f", "alice", T0.AddSeconds(1), 42));

        var notes = await CreateStore().QueryAsync("alice", T0, null, 10);
        notes.Count.ShouldBe(2);
        notes[0].Id.ShouldBeGreaterThan(notes[1].Id);
        notes[1].Id.ShouldBeGreaterThan(0);
        notes[0].ShouldBe(Digested("post_failure:f", "alice", T0.AddSeconds(1), 42) with { Id = notes[0].Id });
        notes[1].ShouldBe(Muted("automation_executed:a", "alice", T0) with { Id = notes[1].Id });
    }

    /// <summary>A user's notes come newest first, from a creation time, below an id, at most a limit, and no other user's.</summary>
    [Fact]
    public async Task A_users_notes_are_paged_newest_first()
    {
        var store = CreateStore();
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(Muted($"post_success:{i}", "alice", T0.AddMinutes(i)));
            await store.AddAsync(Muted($"post_success:bob-{i}", "bob", T0.AddMinutes(i)));
        }

        var first = await CreateStore().QueryAsync("alice", T0, null, 2);
        first.Select(n => n.Key).ShouldBe(["post_success:4", "post_success:3"]);
        var second = await CreateStore().QueryAsync("alice", T0, first[^1].Id, 2);
        second.Select(n => n.Key).ShouldBe(["post_success:2", "post_success:1"]);
        var last = await CreateStore().QueryAsync("alice", T0, second[^1].Id, 2);
        last.Select(n => n.Key).ShouldBe(["post_success:0"]);
        (await CreateStore().QueryAsync("alice", T0.AddMinutes(3), null, 10)).Select(n => n.Key).ShouldBe(["post_success:4", "post_success:3"]);
        (await CreateStore().QueryAsync("carol", T0, null, 10)).ShouldBeEmpty();
        (await CreateStore().QueryAsync("bob", T0, null, 10)).ShouldAllBe(n => n.UserId == "bob");
    }

    /// <summary>Purge deletes the notes created before an instant, and a purged key may be noted again.</summary>
    [Fact]
    public async Task Purge_deletes_the_notes_created_before_an_instant()
    {
        var store = CreateStore();
        await store.AddAsync(Muted("old", "alice", T0));
        await store.AddAsync(Digested("old-digest", "alice", T0.AddMinutes(1), 1));
        await store.AddAsync(Muted("new", "alice", T0.AddMinutes(2)));

        (await CreateStore().PurgeAsync(T0.AddMinutes(2))).ShouldBe(2);

        (await CreateStore().QueryAsync("alice", T0, null, 10)).Select(n => n.Key).ShouldBe(["new"]);
        (await CreateStore().PurgeAsync(T0.AddMinutes(2))).ShouldBe(0);
        (await CreateStore().AddAsync(Muted("old", "alice", T0.AddMinutes(3)))).ShouldBeTrue();
    }

    /// <summary>A note without a key or user, a digested note without its window, and a muted one with a window are refused.</summary>
    [Fact]
    public async Task A_malformed_note_is_refused()
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(Muted(string.Empty, "alice", T0)));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(Muted("k", " ", T0)));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(Muted(new string('k', StoreArguments.MaxNoteKeyLength + 1), "alice", T0)));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(Muted("k", "alice", T0) with { Kind = NotificationNoteKind.Digested }));
        await Should.ThrowAsync<ArgumentException>(async () => await store.AddAsync(Muted("k", "alice", T0) with { DigestWindowId = 3 }));
        await Should.ThrowAsync<ArgumentException>(async () => await store.QueryAsync("alice", T0, null, 0));
        (await CreateStore().QueryAsync("alice", T0, null, 10)).ShouldBeEmpty();
    }

    private static NotificationNote Muted(string key, string userId, DateTimeOffset at) => new()
    {
        Key = key,
        UserId = userId,
        NotificationType = NotificationTypes.PostSuccess,
        Kind = NotificationNoteKind.Muted,
        CreatedAt = at,
    };

    private static NotificationNote Digested(string key, string userId, DateTimeOffset at, long windowId) => new()
    {
        Key = key,
        UserId = userId,
        NotificationType = NotificationTypes.PostFailure,
        Kind = NotificationNoteKind.Digested,
        CreatedAt = at,
        DigestWindowId = windowId,
    };
}
