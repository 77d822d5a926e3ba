using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Writes the "sent" outcomes of sends that finish close together in one store call
/// (<see cref="IOutboxStore.MarkSentManyAsync"/>), the way a database's group commit works: a mark that finds no write
/// under way is written at once, alone; marks that arrive while a write is under way wait for it and then go together in
/// the next one (at most <see cref="MaxBatch"/>). So a quiet dispatcher writes each mark without delay, and a busy one
/// writes one statement for many sends instead of one round trip each.
/// </summary>
/// <remarks>
/// Each mark carries its own lease and applies only under it, as <see cref="IOutboxStore.MarkSentAsync"/> does; a write
/// that fails, or does not end within the store timeout, fails every mark in it, and each caller then keeps its outcome
/// for a later write (<see cref="PendingOutcomes"/>), which is harmless should the failed write still land: a mark whose
/// lease is gone changes nothing.
/// </remarks>
internal sealed class SentMarkBatcher(IOutboxStore outbox, TimeSpan storeTimeout, TimeProvider time)
{
    /// <summary>The most marks written in one store call.</summary>
    internal const int MaxBatch = 256;

    private readonly Lock _sync = new();
    private readonly List<Mark> _queue = [];
    private bool _writing;

    /// <summary>Marks a leased message sent; completes with whether the mark applied (false: the lease is no longer held).</summary>
    public Task<bool> MarkSentAsync(OutboxSentMark mark, CancellationToken cancellationToken)
    {
        StoreArguments.SentMarks([mark]);
        var queued = new Mark(mark);
        bool write;
        lock (_sync)
        {
            _queue.Add(queued);
            write = !_writing;
            _writing = true;
        }

        if (write)
        {
            _ = WriteQueuedAsync();
        }

        return queued.Applied.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, batch after batch, until the queue is empty.</summary>
    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            Mark[] batch;
            lock (_sync)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var count = Math.Min(MaxBatch, _queue.Count);
                batch = [.. _queue.GetRange(0, count)];
                _queue.RemoveRange(0, count);
            }

            try
            {
                using var timeout = new CancellationTokenSource();
                timeout.CancelAfter(storeTimeout);
                var applied = await outbox.MarkSentManyAsync(Array.ConvertAll(batch, static m => m.Value), timeout.Token).AsTask()
                    .WaitAsync(storeTimeout, time).ConfigureAwait(false);
                if (applied.Count != batch.Length)
                {
                    throw new InvalidOperationException($"The outbox store answered {applied.Count} results for {batch.Length} sent marks; it must answer one per mark.");
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Applied.TrySetResult(applied[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var mark in batch)
                {
                    mark.Applied.TrySetException(e);
                }
            }
        }
    }

    private sealed class Mark(OutboxSentMark value)
    {
        public OutboxSentMark Value { get; } = value;

        // completed by the writer outside any lock: the sender's next steps run at once on the writer's thread
        public TaskCompletionSource<bool> Applied { get; } = new();
    }
}
