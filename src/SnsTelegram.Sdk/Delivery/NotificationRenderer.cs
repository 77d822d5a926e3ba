using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Renders a notification for a linked user: in their language and time zone, with the "Retry" button only when the
/// host can retry posts, and silent (<see cref="TelegramMessage.Silent"/>) when it falls in their quiet hours.
/// </summary>
internal sealed class NotificationRenderer
{
    private readonly ITelegramMessageFormatter _formatter;
    private readonly TimeProvider _time;
    private readonly string _defaultLanguage;
    private readonly TimeZoneInfo _defaultZone;
    private readonly bool _canRetry;
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    public NotificationRenderer(
        ITelegramMessageFormatter formatter,
        IOptions<SnsTelegramOptions> options,
        TimeProvider timeProvider,
        IServiceProviderIsService? isService = null)
    {
        _formatter = formatter;
        _time = timeProvider;
        var o = options.Value;
        _defaultLanguage = SnsLanguages.IsSupported(o.DefaultLanguage) ? o.DefaultLanguage.ToLowerInvariant() : SnsLanguages.Korean;
        _defaultZone = TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone ?? "UTC", out var zone) ? zone : TimeZoneInfo.Utc;
        _canRetry = isService?.IsService(typeof(IPostRetryHandler)) ?? false;
    }

    /// <summary>Whether a notification of this type is muted for the link (a test message never is).</summary>
    public static bool IsMuted(ChatLink link, SnsNotification notification) =>
        notification is not TestMessage && link.MutedTypes.Contains(notification.Type);

    /// <summary>The message for <paramref name="link"/>'s user.</summary>
    public TelegramMessage Render(SnsNotification notification, ChatLink link)
    {
        var language = SnsLanguages.IsSupported(link.Language) ? link.Language!.ToLowerInvariant() : _defaultLanguage;
        var zone = ZoneOf(link.TimeZone);
        var message = _formatter.Format(notification, new MessageContext(language, zone) { CanRetry = _canRetry });
        if (link.QuietHours is { } quiet && !message.Silent)
        {
            var local = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone);
            if (quiet.Contains(TimeOnly.FromTimeSpan(local.TimeOfDay)))
            {
                message = message with { Silent = true };
            }
        }

        return message;
    }

    private TimeZoneInfo ZoneOf(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return _defaultZone;
        }

        // An id the system does not know (a typo saved long ago) falls back to the default zone rather than losing the message.
        return _zones.GetOrAdd(id, static (key, fallback) => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var z) ? z : fallback, _defaultZone);
    }
}
