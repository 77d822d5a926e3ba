using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The operator's pause of delivery, kept in the store (<see cref="IOutboxStore.GetPauseAsync"/>) so that it holds for
/// every instance. The dispatcher asks before each lease; the answer is read from the store at most once per
/// <see cref="Refresh"/>, so another instance's pause or resume is seen within that time, and this instance's at once.
/// </summary>
internal sealed class DeliveryPauseSwitch(IOutboxStore outbox, DispatchSignal signal, TimeProvider time)
{
    /// <summary>How long a pause read from the store is trusted.</summary>
    internal static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private DeliveryPause? _pause;
    private long _readAt;
    private bool _known;

    /// <summary>The pause in force, or null when delivery runs.</summary>
    public async ValueTask<DeliveryPause?> CurrentAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_known && time.GetElapsedTime(_readAt) < Refresh)
            {
                return _pause;
            }
        }

        var readAt = time.GetTimestamp();
        var pause = await outbox.GetPauseAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _pause = pause;
            _readAt = readAt;
            _known = true;
        }

        return pause;
    }

    /// <summary>Pauses delivery for every instance (or resumes it when <paramref name="pause"/> is null) and wakes this instance's sender.</summary>
    public async ValueTask SetAsync(DeliveryPause? pause, CancellationToken cancellationToken)
    {
        var readAt = time.GetTimestamp();
        await outbox.SetPauseAsync(pause, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _pause = pause;
            _readAt = readAt;
            _known = true;
        }

        signal.Wake();
    }
}
