using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The delivery instruments of the <c>SnsTelegram</c> meter.</summary>
internal sealed class DeliveryMetrics
{
    /// <summary>How old the cached outbox depth may get before a gauge read refreshes it.</summary>
    internal static readonly TimeSpan DepthCacheLifetime = TimeSpan.FromSeconds(5);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _unanswered;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _paidMessages;
    private readonly Counter<double> _paidStars;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _depth;
    private long _depthReadAtTicks = long.MinValue;
    private int _refreshing;

    public DeliveryMetrics(IMeterFactory meterFactory, IServiceProvider services, TimeProvider timeProvider, ILogger<DeliveryMetrics> logger)
    {
        _services = services;
        _time = timeProvider;
        _logger = logger;
        var meter = meterFactory.Create(SnsTelegramDiagnostics.Name);
        _sent = meter.CreateCounter<long>("snstelegram.messages.sent", "{message}", "Messages delivered to Telegram, and edits of delivered messages (tag kind: send or edit).");
        _retried = meter.CreateCounter<long>("snstelegram.messages.retried", "{message}", "Sends that failed and were scheduled again (tag reason).");
        _deadLettered = meter.CreateCounter<long>("snstelegram.messages.dead_lettered", "{message}", "Messages given up on (tag reason).");
        _unanswered = meter.CreateCounter<long>(
            "snstelegram.messages.unanswered",
            "{message}",
            "Sends that got no answer after the request went out (a timeout, a connection reset): Telegram may have the message, and the retry then delivers it twice (tag chat_type).");
        _duration = meter.CreateHistogram<double>("snstelegram.delivery.duration", "s", "Time from enqueue to delivery.");
        _paidMessages = meter.CreateCounter<long>("snstelegram.paid_broadcast.messages", "{message}", "Messages sent above the free rate as paid broadcasts (0.1 Star each).");
        _paidStars = meter.CreateCounter<double>("snstelegram.paid_broadcast.stars", "{star}", "Telegram Stars spent on paid broadcasts.");
        meter.CreateObservableGauge("snstelegram.outbox.depth", ObserveDepth, "{message}", "Pending messages in the outbox (cached for a few seconds).");
    }

    public void Sent(TelegramChatType chatType, TimeSpan sinceEnqueue, bool edit = false)
    {
        var tag = new KeyValuePair<string, object?>("chat_type", ChatTypeTag(chatType));
        _sent.Add(1, tag, new KeyValuePair<string, object?>("kind", edit ? "edit" : "send"));
        _duration.Record(Math.Max(0, sinceEnqueue.TotalSeconds), tag);
    }

    /// <summary>A message above the free rate went out as a paid broadcast.</summary>
    public void PaidBroadcastSent()
    {
        _paidMessages.Add(1);
        _paidStars.Add((double)PaidBroadcastOptions.StarsPerMessage);
    }

    public void Retried(string reason) => _retried.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Unanswered(TelegramChatType chatType) => _unanswered.Add(1, new KeyValuePair<string, object?>("chat_type", ChatTypeTag(chatType)));

    public void DeadLettered(string reason) => _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Reads the outbox depth now and caches it.</summary>
    public async Task RefreshDepthAsync(CancellationToken cancellationToken)
    {
        var store = _services.GetRequiredService<IOutboxStore>();
        var stats = await store.GetStatsAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _depth, stats.Pending);
        Interlocked.Exchange(ref _depthReadAtTicks, _time.GetTimestamp());
    }

    private long ObserveDepth()
    {
        var readAt = Interlocked.Read(ref _depthReadAtTicks);
        var stale = readAt == long.MinValue || _time.GetElapsedTime(readAt) > DepthCacheLifetime;
        if (stale && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return Interlocked.Read(ref _depth);
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshDepthAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.DepthRefreshFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    internal static string ChatTypeTag(TelegramChatType chatType) => chatType switch
    {
        TelegramChatType.Private => "private",
        TelegramChatType.Group => "group",
        TelegramChatType.Supergroup => "supergroup",
        TelegramChatType.Channel => "channel",
        _ => "unknown",
    };
}
