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
        var zone = ZoneOf(link.TimeZone);
        var message = _formatter.Format(notification, new MessageContext(LanguageOf(link), zone) { CanRetry = _canRetry });
        return message.Silent || !IsQuiet(link, notification.Type) ? message : message with { Silent = true };
    }

    /// <summary>The user's language, or the default.</summary>
    public string LanguageOf(ChatLink link) => SnsLanguages.IsSupported(link.Language) ? link.Language!.ToLowerInvariant() : _defaultLanguage;

    /// <summary>
    /// Whether a message of <paramref name="type"/> sent now to this user is silent: the user's local time is in their
    /// quiet hours on a quiet day, unless the type is urgent and they let urgent types through.
    /// </summary>
    public bool IsQuiet(ChatLink link, string type) =>
        link.QuietHours is { } quiet && quiet.Applies(LocalNow(link)) && !(quiet.UrgentBypass && IsUrgent(type));

    /// <summary>
    /// What happens to <paramref name="notification"/> now (see <see cref="SendPlan"/>): quiet hours in hold mode hold it
    /// until they end (urgent types go at once when the user lets them through; a test message always does), else a
    /// digest window takes it when the user digests its type, else it is sent.
    /// </summary>
    public SendPlan PlanOf(SnsNotification notification, ChatLink link, DateTimeOffset now)
    {
        if (notification is TestMessage)
        {
            return SendPlan.Now;
        }

        if (HeldUntil(link, notification.Type, now) is { } end)
        {
            return new SendPlan(SendPlanKind.Hold, end);
        }

        return link.Digests(notification.Type)
            ? new SendPlan(SendPlanKind.Digest, now.AddMinutes(link.DigestMinutes))
            : SendPlan.Now;
    }

    /// <summary>
    /// When quiet hours in hold mode that apply now end, for a message of <paramref name="type"/> (null when they do not
    /// apply, or the type is urgent and the user lets urgent types through).
    /// </summary>
    public DateTimeOffset? HeldUntil(ChatLink link, string type, DateTimeOffset now)
    {
        if (link.QuietHours is not { Mode: QuietHoursMode.Hold } quiet || (quiet.UrgentBypass && IsUrgent(type)))
        {
            return null;
        }

        var zone = ZoneOf(link.TimeZone);
        if (quiet.EndOf(TimeZoneInfo.ConvertTime(now, zone).DateTime) is not { } localEnd)
        {
            return null;
        }

        var end = InstantOf(localEnd, zone);
        return end > now ? end : null;
    }

    private static bool IsUrgent(string type) => DeliveryLanes.Default(type) == DeliveryLane.Urgent;

    private DateTime LocalNow(ChatLink link) => TimeZoneInfo.ConvertTime(_time.GetUtcNow(), ZoneOf(link.TimeZone)).DateTime;

    /// <summary>The instant of a local time; a local time skipped by a spring-forward is the first valid instant after it.</summary>
    private static DateTimeOffset InstantOf(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        var offset = zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
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
