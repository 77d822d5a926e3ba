using System.Collections.Concurrent;

namespace SnsTelegram.Sdk.Reporting;

/// <summary>
/// Remembers, in this process, the latest report date handled for each user (queued, already in the outbox, or
/// skipped for having no posts), so the every-minute run does not look users up again. It is only a shortcut:
/// after a restart, or on another instance, the outbox's idempotency key is what guarantees one report per date.
/// </summary>
internal sealed class DailySummaryLedger
{
    private readonly ConcurrentDictionary<string, DateOnly> _handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unknownZones = new(StringComparer.Ordinal);

    /// <summary>True the first time an unknown time zone id is seen, so it is logged once rather than every minute.</summary>
    public bool FirstSightOfUnknownZone(string zoneId) => _unknownZones.TryAdd(zoneId, true);

    public bool IsHandled(string userId, DateOnly reportDate) =>
        _handled.TryGetValue(userId, out var date) && date >= reportDate;

    public void MarkHandled(string userId, DateOnly reportDate) =>
        _handled.AddOrUpdate(userId, reportDate, (_, existing) => existing >= reportDate ? existing : reportDate);

    /// <summary>Forgets users handled before <paramref name="before"/> (unlinked users would otherwise stay forever).</summary>
    public void Prune(DateOnly before)
    {
        foreach (var (user, date) in _handled)
        {
            if (date < before)
            {
                _handled.TryRemove(new KeyValuePair<string, DateOnly>(user, date));
            }
        }
    }
}
