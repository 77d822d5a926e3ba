using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The outcomes the dispatcher could not store (sent, to retry, given up), kept in memory and written again, oldest
/// first, with a backoff from <see cref="FirstRetry"/> doubling to <see cref="LastRetry"/>, until the store answers.
/// Each one is written with the lease of the send it records, so a message sent while the store was down is marked sent,
/// not sent again. The dispatcher leases nothing and frees no lease while any is pending: the store's rule "the oldest
/// pending message of each chat" then keeps every chat's order, and the leases need no renewal, because only the holder
/// of the dispatch term leases and it waits here first. What is still pending when the process stops is logged (2062).
/// </summary>
internal sealed class PendingOutcomes : IDisposable
{
    /// <summary>The first wait after a failed write.</summary>
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two tries, so the outcomes are written within a second of the store's return.</summary>
    internal static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(1);

    private readonly Lock _sync = new();
    private readonly List<Outcome> _outcomes = [];
    private readonly Dictionary<long, (Outcome Outcome, DateTimeOffset At)> _orphans = [];
    private readonly Dictionary<long, string> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _storeTimeout;
    private readonly ILogger _logger;
    private TaskCompletionSource _empty = NewEmpty(completed: true);
    private Task _writer = Task.CompletedTask;
    private bool _writing;

    public PendingOutcomes(IOptions<SnsTelegramOptions> options, TimeProvider timeProvider, ILogger<PendingOutcomes> logger)
    {
        _storeTimeout = options.Value.Delivery.StoreTimeout;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>How many outcomes wait for the store.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _outcomes.Count;
            }
        }
    }

    /// <summary>
    /// Keeps the outcome of message <paramref name="messageId"/> that the store refused with <paramref name="error"/>;
    /// <paramref name="write"/> stores it with the lease it is given (at first <paramref name="leaseId"/>, the send's) and is
    /// called again until it returns without throwing.
    /// </summary>
    public void Add(long messageId, string leaseId, string outcome, Func<string, CancellationToken, Task<bool>> write, Exception error)
    {
        int count;
        lock (_sync)
        {
            // a lease query may have taken the message again while its send was on the wire: the outcome holds that lease
            if (_inFlight.TryGetValue(messageId, out var adopted))
            {
                leaseId = adopted;
            }

            _outcomes.Add(new Outcome(messageId, outcome, write) { LeaseId = leaseId });
            count = _outcomes.Count;
            if (_empty.Task.IsCompleted)
            {
                _empty = NewEmpty(completed: false);
            }

            // _writing changes only under the lock, together with the list, so an outcome added while the writer finds
            // the list empty and ends is never left without a writer
            if (!_writing && !_stop.IsCancellationRequested)
            {
                _writing = true;
                _writer = Task.Run(WriteUntilEmptyAsync);
            }
        }

        Log.OutcomeKept(_logger, messageId, outcome, count, error);
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// A send of message <paramref name="messageId"/> under <paramref name="leaseId"/> starts in this process. Until
    /// <see cref="EndSend"/>, a lease of the same message by this process (its lease ran out while the send was still on the
    /// way: a slow answer, a long rate-limit wait, a starved CPU) is adopted by the send (<see cref="TryAdopt"/>), so the
    /// message is not sent a second time, and the send's outcome is written with the newest lease (<see cref="LeaseOf"/>).
    /// </summary>
    public void BeginSend(long messageId, string leaseId)
    {
        lock (_sync)
        {
            _inFlight[messageId] = leaseId;
        }
    }

    /// <summary>The send of message <paramref name="messageId"/> has its outcome stored, kept or released.</summary>
    public void EndSend(long messageId)
    {
        lock (_sync)
        {
            _inFlight.Remove(messageId);
        }
    }

    /// <summary>The lease an outcome of message <paramref name="messageId"/> is written with: the newest one its send adopted, else <paramref name="leaseId"/>.</summary>
    public string LeaseOf(long messageId, string leaseId)
    {
        lock (_sync)
        {
            return _inFlight.TryGetValue(messageId, out var current) ? current : leaseId;
        }
    }

    /// <summary>
    /// A lease query may return a message this process has not finished with: one whose outcome waits for the store
    /// (a lease query that was waiting for the store while the outcome failed, so the lease ran out meanwhile), or one whose
    /// send is still on its way (<see cref="BeginSend"/>). Then that outcome or that send takes the new lease
    /// <paramref name="leaseId"/> and true is returned, and the caller must not send the message again.
    /// </summary>
    public bool TryAdopt(long messageId, string leaseId)
    {
        lock (_sync)
        {
            foreach (var outcome in _outcomes)
            {
                if (outcome.MessageId == messageId)
                {
                    outcome.LeaseId = leaseId;
                    return true;
                }
            }

            if (!_orphans.Remove(messageId, out var orphan))
            {
                if (_inFlight.ContainsKey(messageId))
                {
                    _inFlight[messageId] = leaseId;
                    return true;
                }

                return false;
            }

            orphan.Outcome.LeaseId = leaseId;
            _outcomes.Add(orphan.Outcome);
            if (_empty.Task.IsCompleted)
            {
                _empty = NewEmpty(completed: false);
            }

            if (!_writing && !_stop.IsCancellationRequested)
            {
                _writing = true;
                _writer = Task.Run(WriteUntilEmptyAsync);
            }

            return true;
        }
    }

    /// <summary>
    /// Keeps an outcome whose write found its lease gone (the lease ran out and the message was leased again, perhaps
    /// by a lease query of this process that waited for the store meanwhile), so that the new lease adopts it
    /// (<see cref="TryAdopt"/>) instead of sending the message again. Kept for <see cref="OrphanLifetime"/>.
    /// </summary>
    public void Orphan(long messageId, string outcome, Func<string, CancellationToken, Task<bool>> write)
    {
        lock (_sync)
        {
            KeepOrphan(new Outcome(messageId, outcome, write) { LeaseId = string.Empty });
        }
    }

    /// <summary>Completes when no outcome is pending (at once when none is).</summary>
    public Task WaitUntilWrittenAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return _empty.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The process stops: stops the retries, tries each pending outcome once more within the store timeout, and logs
    /// every one still not written, so none is lost silently (its message goes out again when its lease runs out).
    /// </summary>
    public async Task StopAsync()
    {
        Task writer;
        lock (_sync)
        {
            writer = _writer;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await writer.ConfigureAwait(false);
        await WriteAllAsync(CancellationToken.None).ConfigureAwait(false);
        Outcome[] left;
        lock (_sync)
        {
            left = [.. _outcomes];
        }

        foreach (var outcome in left)
        {
            Log.OutcomeLostAtStop(_logger, outcome.MessageId, outcome.Kind);
        }
    }

    private async Task WriteUntilEmptyAsync()
    {
        var wait = FirstRetry;
        var written = 0;
        while (!_stop.IsCancellationRequested)
        {
            var (done, count) = await WriteAllAsync(_stop.Token).ConfigureAwait(false);
            written += count;
            if (count > 0)
            {
                // the store answered: the next failure is a new one
                wait = FirstRetry;
            }

            if (done)
            {
                if (written > 0)
                {
                    Log.OutcomesWritten(_logger, written);
                }

                return;
            }

            try
            {
                await Task.Delay(wait, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, wait.Ticks * 2));
        }
    }

    /// <summary>Writes the pending outcomes in order until one fails; true when none is left, and how many were written.</summary>
    private async Task<(bool Done, int Written)> WriteAllAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            Outcome next;
            string leaseId;
            bool applied;
            lock (_sync)
            {
                if (_outcomes.Count == 0)
                {
                    _empty.TrySetResult();
                    _writing = false;
                    return (true, written);
                }

                next = _outcomes[0];
                leaseId = next.LeaseId;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_storeTimeout);
                applied = await next.Write(leaseId, timeout.Token).WaitAsync(_storeTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the store still does not answer (or the process stops): try again after the backoff
                return (false, written);
            }

            lock (_sync)
            {
                // adopted by a new lease while it was written under the old one (which then changed nothing): write it again
                if (next.LeaseId != leaseId)
                {
                    continue;
                }

                _outcomes.Remove(next);
                if (!applied)
                {
                    KeepOrphan(next);
                }
            }

            written++;
        }
    }

    /// <summary>How long an outcome whose lease was gone waits to be adopted by a new lease of its message.</summary>
    internal static readonly TimeSpan OrphanLifetime = TimeSpan.FromMinutes(10);

    private void KeepOrphan(Outcome outcome)
    {
        var now = _time.GetUtcNow();
        _orphans[outcome.MessageId] = (outcome, now);
        if (_orphans.Count > 1000)
        {
            foreach (var (id, orphan) in _orphans.Where(o => now - o.Value.At > OrphanLifetime).ToList())
            {
                _orphans.Remove(id);
            }
        }
    }

    private static TaskCompletionSource NewEmpty(bool completed)
    {
        var empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            empty.TrySetResult();
        }

        return empty;
    }

    private sealed record Outcome(long MessageId, string Kind, Func<string, CancellationToken, Task<bool>> Write)
    {
        /// <summary>The lease the outcome is written with; changed by <see cref="TryAdopt"/>, under the lock.</summary>
        public required string LeaseId { get; set; }
    }
}
