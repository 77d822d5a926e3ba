using System.Collections.Concurrent;

namespace SnsTelegram.Sdk.Testing;

/// <summary>What the emulator has seen and answered, for assertions. All counters are thread-safe.</summary>
public sealed class TelegramEmulatorCounters
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, long> _errors = new();
    private long _requests;
    private long _messagesSent;
    private long _messagesEdited;
    private long _messagesDeleted;
    private long _paidBroadcastMessages;
    private long _faultsInjected;
    private long _connectionsDropped;
    private long _updatesQueued;
    private long _webhookDeliveries;
    private long _webhookFailures;
    private long _updatesDropped;
    private int _getUpdatesWaiting;

    internal TelegramEmulatorCounters()
    {
    }

    /// <summary>HTTP requests received (any path).</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Messages the bot sent successfully.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>Messages the bot edited successfully.</summary>
    public long MessagesEdited => Volatile.Read(ref _messagesEdited);

    /// <summary>Messages the bot deleted successfully.</summary>
    public long MessagesDeleted => Volatile.Read(ref _messagesDeleted);

    /// <summary>Messages sent with <c>allow_paid_broadcast</c> beyond the free limit, each charged 0.1 Star.</summary>
    public long PaidBroadcastMessages => Volatile.Read(ref _paidBroadcastMessages);

    /// <summary>Telegram Stars spent on paid broadcasts (0.1 per <see cref="PaidBroadcastMessages"/>).</summary>
    public decimal StarsSpent => PaidBroadcastMessages * 0.1m;

    /// <summary>429 answers (rate limits and injected ones).</summary>
    public long TooManyRequests => GetErrors(429);

    /// <summary>Faults injected (errors, delays and dropped connections).</summary>
    public long FaultsInjected => Volatile.Read(ref _faultsInjected);

    /// <summary>Connections the emulator aborted on purpose.</summary>
    public long ConnectionsDropped => Volatile.Read(ref _connectionsDropped);

    /// <summary>Updates created by simulated people or raw updates.</summary>
    public long UpdatesQueued => Volatile.Read(ref _updatesQueued);

    /// <summary>Webhook posts answered with a 2xx status.</summary>
    public long WebhookDeliveries => Volatile.Read(ref _webhookDeliveries);

    /// <summary>Webhook posts that failed (non-2xx, timeout or connection error).</summary>
    public long WebhookFailures => Volatile.Read(ref _webhookFailures);

    /// <summary>Updates dropped after the last failed webhook attempt.</summary>
    public long UpdatesDropped => Volatile.Read(ref _updatesDropped);

    /// <summary><c>getUpdates</c> calls currently waiting (long polling).</summary>
    public int GetUpdatesWaiting => Volatile.Read(ref _getUpdatesWaiting);

    /// <summary>Calls of one Bot API method (case-insensitive), whatever their answer.</summary>
    public long GetCalls(string method) => _calls.TryGetValue(method, out var count) ? count : 0;

    /// <summary>Error answers with one status code (400, 401, 403, 404, 409, 429, 500, ...).</summary>
    public long GetErrors(int statusCode) => _errors.TryGetValue(statusCode, out var count) ? count : 0;

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Call(string method) => _calls.AddOrUpdate(method, 1, static (_, c) => c + 1);

    internal void Error(int statusCode) => _errors.AddOrUpdate(statusCode, 1, static (_, c) => c + 1);

    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);

    internal void PaidBroadcastMessage() => Interlocked.Increment(ref _paidBroadcastMessages);

    internal void MessageEdited() => Interlocked.Increment(ref _messagesEdited);

    internal void MessageDeleted() => Interlocked.Increment(ref _messagesDeleted);

    internal void FaultInjected() => Interlocked.Increment(ref _faultsInjected);

    internal void ConnectionDropped() => Interlocked.Increment(ref _connectionsDropped);

    internal void UpdateQueued() => Interlocked.Increment(ref _updatesQueued);

    internal void WebhookDelivered() => Interlocked.Increment(ref _webhookDeliveries);

    internal void WebhookFailed() => Interlocked.Increment(ref _webhookFailures);

    internal void UpdateDropped() => Interlocked.Increment(ref _updatesDropped);

    internal void PollStarted() => Interlocked.Increment(ref _getUpdatesWaiting);

    internal void PollEnded() => Interlocked.Decrement(ref _getUpdatesWaiting);
}
