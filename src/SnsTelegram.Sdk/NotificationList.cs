using System.Globalization;

namespace SnsTelegram.Sdk;

/// <summary>The check of a list given to <see cref="ISnsTelegramNotifier.NotifyManyAsync"/>, before anything of it is queued.</summary>
internal static class NotificationList
{
    /// <summary>The notifications as a list; throws for a null notification or an invalid user id, naming its index (<c>notifications[3]</c>).</summary>
    public static List<SnsNotification> Checked(IEnumerable<SnsNotification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var list = notifications.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"notifications[{i}]");
            ArgumentNullException.ThrowIfNull(list[i], name);
            if (SnsUserId.Problem(list[i].UserId) is { } problem)
            {
                throw new ArgumentException($"The notification's UserId is not valid: {problem}", name);
            }
        }

        return list;
    }
}
