using System.Diagnostics.Metrics;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Bot;

/// <summary>Update instruments on the <c>SnsTelegram</c> meter.</summary>
internal sealed class UpdateMetrics
{
    private readonly Counter<long> _updates;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _kept;

    public UpdateMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SnsTelegramDiagnostics.Name);
        _updates = meter.CreateCounter<long>("snstelegram.updates.processed", "{update}", "Telegram updates received, by type and outcome.");
        _duration = meter.CreateHistogram<double>("snstelegram.updates.duration", "s", "Time to process one update.");
        _rejected = meter.CreateCounter<long>("snstelegram.webhook.rejected", "{request}", "Webhook requests refused, by reason.");
        _kept = meter.CreateCounter<long>("snstelegram.updates.kept", "{update}", "Updates kept for inspection instead of handled, by source and reason.");
    }

    public void Processed(UpdateType type, UpdateOutcome outcome, TimeSpan elapsed)
    {
        var typeTag = new KeyValuePair<string, object?>("type", TypeName(type));
        _updates.Add(1, typeTag, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
        _duration.Record(elapsed.TotalSeconds, typeTag);
    }

    /// <summary>An update was kept for inspection: <paramref name="reason"/> is <c>unreadable</c> or <c>handler_failed</c>.</summary>
    public void Kept(string source, string reason) =>
        _kept.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason", reason));

    public void WebhookRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static string TypeName(UpdateType type) => type switch
    {
        UpdateType.Message => "message",
        UpdateType.CallbackQuery => "callback_query",
        UpdateType.MyChatMember => "my_chat_member",
        _ => "other",
    };

    internal static string OutcomeName(UpdateOutcome outcome) => outcome switch
    {
        UpdateOutcome.Handled => "handled",
        UpdateOutcome.Ignored => "ignored",
        UpdateOutcome.Duplicate => "duplicate",
        UpdateOutcome.Deferred => "deferred",
        _ => "failed",
    };
}
