using System.Collections.Concurrent;
using System.Text.Json;
using SnsTelegram.Sdk;

namespace SnsTelegram.Sample.Tests;

/// <summary>A notifier that records what it is given and, like the real outbox, queues one message per idempotency key.</summary>
public sealed class RecordingNotifier : ISnsTelegramNotifier
{
    private readonly ConcurrentDictionary<string, SnsNotification> _byKey = new(StringComparer.Ordinal);

    public ConcurrentQueue<SnsNotification> Received { get; } = new();

    public int FailuresToInject { get; set; }

    public IReadOnlyCollection<SnsNotification> Queued => [.. _byKey.Values];

    public ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default)
    {
        if (FailuresToInject > 0)
        {
            FailuresToInject--;
            throw new InvalidOperationException("outbox unavailable");
        }

        Received.Enqueue(notification);
        var key = notification.IdempotencyKey ?? throw new InvalidOperationException("the sample always sets an idempotency key");
        return ValueTask.FromResult(_byKey.TryAdd(key, notification) ? new NotifyResult(NotifyStatus.Queued, _byKey.Count) : new NotifyResult(NotifyStatus.Duplicate));
    }

    public ValueTask<NotifyResult> NotifyAsync(string type, string userId, JsonElement payload, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<NotifyResult> UpdateAsync(SnsNotification notification, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
