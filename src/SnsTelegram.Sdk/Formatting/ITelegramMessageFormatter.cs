namespace SnsTelegram.Sdk.Formatting;

/// <summary>Renders notifications as Telegram messages. Replace it to change every message the bot sends.</summary>
public interface ITelegramMessageFormatter
{
    /// <summary>Renders <paramref name="notification"/> for the reader described by <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">The notification type is not known to this formatter.</exception>
    TelegramMessage Format(SnsNotification notification, MessageContext context);
}
