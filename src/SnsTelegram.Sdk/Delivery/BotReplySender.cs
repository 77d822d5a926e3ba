using System.Globalization;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Sends the bot's own replies (link confirmations, codes, command answers) through the outbox, in the urgent lane, so
/// that they take the bot's one budget like every other message (a flood of commands cannot push the bot over
/// Telegram's limits, whichever instance received them) and keep their chat's order. A reply is best effort: the state
/// it reports is already saved, so a reply that cannot be queued is logged and never undoes it.
/// </summary>
internal sealed class BotReplySender(IOutboxStore outbox, DispatchSignal signal, TimeProvider timeProvider, ILogger<BotReplySender> logger)
{
    /// <summary>Queues <paramref name="html"/> for the chat, without a link preview; never throws because of the store.</summary>
    public ValueTask SendAsync(long chatId, TelegramChatType chatType, string html, CancellationToken cancellationToken) =>
        SendAsync(chatId, chatType, new TelegramMessage(html), cancellationToken);

    /// <summary>Queues <paramref name="message"/> (with its buttons or keyboard) for the chat; never throws because of the store.</summary>
    public async ValueTask SendAsync(long chatId, TelegramChatType chatType, TelegramMessage message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        using var activity = SnsTelegramActivities.StartEnqueue(NotificationTypes.BotReply, "reply");
        var (traceParent, traceState) = SnsTelegramActivities.CurrentContext();
        try
        {
            await outbox.EnqueueAsync(
                new OutboxMessage
                {
                    IdempotencyKey = NotificationTypes.BotReply + ":" + Guid.NewGuid().ToString("N"),
                    UserId = "chat:" + chatId.ToString(CultureInfo.InvariantCulture),
                    ChatId = chatId,
                    ChatType = chatType,
                    NotificationType = NotificationTypes.BotReply,
                    Lane = DeliveryLane.Urgent,
                    Message = message,
                    CreatedAt = now,
                    DueAt = now,
                    TraceParent = traceParent,
                    TraceState = traceState,
                },
                cancellationToken).ConfigureAwait(false);
            signal.Wake();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A reply that cannot be queued must not undo what was saved.
            SnsTelegramActivities.Failed(activity, ex.GetType().FullName ?? ex.GetType().Name);
            Log.ReplyFailed(logger, ex);
        }
    }
}
