namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The newest edit this process queued for each message, so that the dispatcher can skip older edits of the same
/// message that are still waiting (only the newest content needs to reach Telegram). An optimisation only: edits
/// queued by another process are not known here and simply all go out, in order.
/// </summary>
internal sealed class PendingEdits
{
    /// <summary>More entries than this (edits finished by other processes are never removed here) start afresh.</summary>
    internal const int MaxEntries = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _newest = new(StringComparer.Ordinal);

    /// <summary>Records that edit <paramref name="outboxId"/> of <paramref name="originalKey"/> was queued.</summary>
    public void Queued(string originalKey, long outboxId)
    {
        if (_newest.Count >= MaxEntries)
        {
            _newest.Clear();
        }

        _newest.AddOrUpdate(originalKey, outboxId, (_, current) => Math.Max(current, outboxId));
    }

    /// <summary>The id of a newer edit of the same message queued here, or null.</summary>
    public long? NewerThan(string originalKey, long outboxId) =>
        _newest.TryGetValue(originalKey, out var newest) && newest > outboxId ? newest : null;

    /// <summary>Forgets the message once its newest known edit is done.</summary>
    public void Done(string originalKey, long outboxId) =>
        ((ICollection<KeyValuePair<string, long>>)_newest).Remove(new KeyValuePair<string, long>(originalKey, outboxId));
}
