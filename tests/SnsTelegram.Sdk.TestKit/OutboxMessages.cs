using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>Outbox messages for delivery tests that enqueue through the store: the text is the key, so a chat's record shows what came, once and in order.</summary>
public static class OutboxMessages
{
    /// <summary>A message due now whose text is <paramref name="key"/>, with the notification type that goes with <paramref name="lane"/> by default.</summary>
    public static OutboxMessage Due(string key, long chatId, DeliveryLane lane = DeliveryLane.Normal) => new()
    {
        IdempotencyKey = key,
        UserId = "user-" + key,
        ChatId = chatId,
        NotificationType = lane switch
        {
            DeliveryLane.Urgent => NotificationTypes.PostFailure,
            DeliveryLane.Bulk => NotificationTypes.DailySummary,
            _ => NotificationTypes.PostSuccess,
        },
        Lane = lane,
        Message = new TelegramMessage(key),
        CreatedAt = DateTimeOffset.UtcNow,
        DueAt = DateTimeOffset.UtcNow,
    };
}
