using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Whether Telegram answers. A send that fails with a server error (5xx), a network error or a timeout makes Telegram
/// suspect; while it is suspect the sending instance asks <c>getMe</c> every <see cref="DeliveryOptions.OutageProbeInterval"/>.
/// A probe that fails too means Telegram is down (logged once, 2080, and reported by the delivery health check with
/// <c>telegram_unreachable_since</c>); the first probe that Telegram answers after that ends the outage: the
/// dispatcher's recovery makes every message that waits for a retry because of a failed send due at once (2081, 2082),
/// so delivery resumes within about one interval of Telegram's return instead of at each message's own next retry (up to
/// <see cref="DeliveryOptions.RetryMaxDelay"/> later). A probe answered while Telegram was only suspect clears the
/// suspicion and changes nothing: one failed send is not an outage, and its message keeps its backoff.
/// </summary>
internal sealed class TelegramAvailability
{
    private readonly Lock _sync = new();
    private readonly ITelegramGateway _gateway;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _probeTimeout;
    private readonly ILogger _logger;
    private TaskCompletionSource _suspect = NewSignal();
    private long _failures;
    private DateTimeOffset? _downSince;

    public TelegramAvailability(ITelegramGateway gateway, IOptions<SnsTelegramOptions> options, TimeProvider timeProvider, ILogger<TelegramAvailability> logger)
    {
        var delivery = options.Value.Delivery;
        _gateway = gateway;
        _time = timeProvider;
        _interval = delivery.OutageProbeInterval;

        // a stalled probe must not hide Telegram's return for long
        _probeTimeout = TimeSpan.FromTicks(Math.Min(delivery.RequestTimeout.Ticks, TimeSpan.FromSeconds(10).Ticks));
        _logger = logger;
    }

    /// <summary>Since when Telegram has been found down (a send and then <c>getMe</c> failed), or null while it answers.</summary>
    public DateTimeOffset? UnreachableSince
    {
        get
        {
            lock (_sync)
            {
                return _downSince;
            }
        }
    }

    /// <summary>Whether <paramref name="outcome"/> says Telegram did not answer: a server error, a network error or a timeout (not a 401).</summary>
    internal static bool IsOutage(SendOutcome outcome) =>
        outcome.Kind == SendOutcomeKind.Transient && !outcome.BotTokenRejected && (outcome.ErrorCode is null || outcome.ErrorCode >= 500);

    /// <summary>Takes note of Telegram's answer to a send: an outage answer makes Telegram suspect, so it is probed.</summary>
    public void OnAnswer(SendOutcome outcome)
    {
        if (!IsOutage(outcome))
        {
            // Telegram answered; if it was down, the next probe (within one interval) notices its return
            return;
        }

        lock (_sync)
        {
            _failures++;
            _suspect.TrySetResult();
        }
    }

    /// <summary>
    /// Probes Telegram while it is suspect or down, until <paramref name="cancellationToken"/> ends (the dispatcher's term);
    /// when Telegram answers after it was down, calls <paramref name="recovered"/> (which brings the failed sends' retries
    /// forward), and calls it again at the next probe if it threw.
    /// </summary>
    public async Task WatchAsync(Func<CancellationToken, Task> recovered, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task suspect;
            lock (_sync)
            {
                suspect = _suspect.Task;
            }

            try
            {
                await suspect.WaitAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            long failuresBefore;
            lock (_sync)
            {
                failuresBefore = _failures;
            }

            SendOutcome probe;
            try
            {
                probe = await _gateway.ProbeAsync(_probeTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (IsOutage(probe))
            {
                MarkDown(probe.Error);
                continue;
            }

            if (UnreachableSince is { } since)
            {
                try
                {
                    await recovered(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // still counted as down: the next probe tries the recovery again
                    Log.OutageRecoveryFailed(_logger, e);
                    continue;
                }

                Log.TelegramBack(_logger, Math.Round((_time.GetUtcNow() - since).TotalSeconds, 1));
            }

            lock (_sync)
            {
                _downSince = null;

                // a send that failed while the probe was on its way keeps Telegram suspect
                if (_failures == failuresBefore)
                {
                    _suspect = NewSignal();
                }
            }
        }
    }

    private void MarkDown(string? error)
    {
        var now = _time.GetUtcNow();
        lock (_sync)
        {
            if (_downSince is not null)
            {
                return;
            }

            _downSince = now;
        }

        Log.TelegramUnreachable(_logger, error, _interval.TotalSeconds);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
