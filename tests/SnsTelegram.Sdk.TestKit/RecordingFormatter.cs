using System.Collections.Concurrent;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>A formatter that renders the notification's type and user, and remembers the reader context it was given.</summary>
internal sealed class RecordingFormatter : ITelegramMessageFormatter
{
    public ConcurrentQueue<MessageContext> Contexts { get; } = new();

    public TelegramMessage Format(SnsNotification notification, MessageContext context)
    {
        Contexts.Enqueue(context);
        var extra = notification is TestMessage t ? t.IdempotencyKey : null;
        return new TelegramMessage($"{notification.Type}:{notification.UserId}:{extra}");
    }
}
