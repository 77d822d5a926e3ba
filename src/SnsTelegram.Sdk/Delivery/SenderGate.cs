namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The dispatcher's senders: at most <c>count</c> messages are sent at once, and when a sender frees up it goes to the
/// waiting message of the most urgent lane (first come, first served within a lane). Urgent messages also have a small
/// reserve of their own (a quarter of <c>count</c>, at least one): when every sender is busy, often waiting for the rate
/// limit with bulk messages, an urgent message goes straight on to the limiter, which gives it the next slot.
/// </summary>
internal sealed class SenderGate(int count)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<bool>>[] _waiting = [new(), new(), new()];
    private readonly int _reserve = Math.Max(1, count / 4);
    private int _free = count;
    private int _reserveUsed;

    /// <summary>
    /// Waits for a sender; the waits of more urgent lanes are served first. Returns whether the sender came from the
    /// urgent reserve; hand that to <see cref="Release"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task<bool> WaitAsync(DeliveryLane lane, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (_free > 0)
            {
                _free--;
                return false;
            }

            if (lane == DeliveryLane.Urgent && _reserveUsed < _reserve)
            {
                _reserveUsed++;
                return true;
            }

            // completed outside the lock (Release), so the message's send may go on at once on the releasing thread
            waiter = new TaskCompletionSource<bool>();
            _waiting[(int)lane].Enqueue(waiter);
        }

        try
        {
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            bool? passOn = null;
            lock (_gate)
            {
                // granted just as it was cancelled: pass the sender on
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    passOn = waiter.Task.Result;
                }
                else
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }

            if (passOn is { } fromReserve)
            {
                Release(fromReserve);
            }

            throw;
        }
    }

    /// <summary>Gives a sender back (<paramref name="fromReserve"/>: what <see cref="WaitAsync"/> answered).</summary>
    public void Release(bool fromReserve)
    {
        while (true)
        {
            TaskCompletionSource<bool>? next;
            lock (_gate)
            {
                next = Next(fromReserve);
            }

            // completed after the lock: the waiter's send goes on here; one that gave up meanwhile passes the sender on
            if (next is null || next.TrySetResult(fromReserve))
            {
                return;
            }
        }
    }

    /// <summary>The waiter the sender goes to, or none (the sender is free again).</summary>
    private TaskCompletionSource<bool>? Next(bool fromReserve)
    {
        if (fromReserve)
        {
            // a reserve sender serves only urgent waiters
            var urgent = Waiting(_waiting[(int)DeliveryLane.Urgent]);
            if (urgent is null)
            {
                _reserveUsed--;
            }

            return urgent;
        }

        foreach (var queue in _waiting)
        {
            if (Waiting(queue) is { } next)
            {
                return next;
            }
        }

        _free++;
        return null;
    }

    private static TaskCompletionSource<bool>? Waiting(Queue<TaskCompletionSource<bool>> queue)
    {
        while (queue.TryDequeue(out var next))
        {
            // a cancelled waiter has given up: skip it
            if (!next.Task.IsCompleted)
            {
                return next;
            }
        }

        return null;
    }
}
