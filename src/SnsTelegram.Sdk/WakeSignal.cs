namespace SnsTelegram.Sdk;

/// <summary>
/// Wakes a background loop when there is new work; a wake before the loop waits is kept for its next wait. The loops'
/// signals derive from it, so each has a type of its own in the container.
/// </summary>
internal abstract class WakeSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the waiter, now or at its next wait.</summary>
    public void Wake() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Waits for <see cref="Wake"/> (or returns at once if it was called since the last wait), at most <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var tcs = Volatile.Read(ref _tcs);
        if (!tcs.Task.IsCompleted)
        {
            try
            {
                await tcs.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // nothing woke us: look anyway
            }
        }

        Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), tcs);
    }
}
