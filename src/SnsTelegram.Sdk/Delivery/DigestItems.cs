using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>Turns a notification into the event a digest window keeps.</summary>
internal static class DigestItems
{
    /// <summary>The event of <paramref name="notification"/>, or null for a kind a digest does not list (a daily report, a test message, a host's own type).</summary>
    public static DigestItem? From(SnsNotification notification, string key, DateTimeOffset now) => notification switch
    {
        PostPublished p => new DigestItem
        {
            Key = key, UserId = p.UserId, NotificationType = p.Type, Platform = PlatformId(p.Platform), Title = p.Preview, Url = p.PostUrl, CreatedAt = now,
        },
        PostFailed f => new DigestItem
        {
            Key = key, UserId = f.UserId, NotificationType = f.Type, Platform = PlatformId(f.Platform), Title = f.Preview, Failed = true, CreatedAt = now,
        },
        AutomationExecuted a => new DigestItem
        {
            Key = key, UserId = a.UserId, NotificationType = a.Type, Title = a.RuleName, Failed = a.Status == AutomationStatus.Failed, CreatedAt = now,
        },
        _ => null,
    };

    private static string? PlatformId(SnsPlatform platform) => platform.Id.Length == 0 ? null : platform.Id;
}
