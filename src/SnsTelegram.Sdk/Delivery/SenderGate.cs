namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The dispatcher's senders: at most <c>count</c> messages are sent at once, and when a sender frees up it goes to the
/// waiting message of the most urgent lane (first come, first served within a lane), so an urgent message never queues
/// behind a batch of bulk messages leased before it.
/// </summary>
internal sealed class SenderGate(int count)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource>[] _waiting = [new(), new(), new()];
    private int _free = count;

    /// <summary>Waits for a sender; the waits of more urgent lanes are served first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task WaitAsync(DeliveryLane lane, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_free > 0)
            {
                _free--;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[(int)lane].Enqueue(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                // granted just as it was cancelled: pass the sender on
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    ReleaseLocked();
                }
                else
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }

            throw;
        }
    }

    /// <summary>Gives a sender back.</summary>
    public void Release()
    {
        lock (_gate)
        {
            ReleaseLocked();
        }
    }

    private void ReleaseLocked()
    {
        foreach (var queue in _waiting)
        {
            while (queue.TryDequeue(out var next))
            {
                // a cancelled waiter has given up: skip it
                if (next.TrySetResult())
                {
                    return;
                }
            }
        }

        _free++;
    }
}
