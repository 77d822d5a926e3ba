namespace SnsTelegram.Sdk.Storage.InMemory;

/// <summary>
/// The <see cref="IDispatchCoordinator"/> of stores that live in one process: one term at a time within the process,
/// never lost. Nothing outside the process can enqueue, so there is nobody to listen to.
/// </summary>
internal sealed class ProcessDispatchCoordinator : IDispatchCoordinator, IDisposable
{
    private readonly SemaphoreSlim _holder = new(1, 1);

    public async ValueTask<IDispatchTerm> AcquireAsync(Action wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wake);
        await _holder.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Term(_holder);
    }

    public void Dispose() => _holder.Dispose();

    private sealed class Term(SemaphoreSlim holder) : IDispatchTerm
    {
        private int _disposed;

        public CancellationToken Lost => CancellationToken.None;

        public bool FollowsAnotherProcess => false;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                holder.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
