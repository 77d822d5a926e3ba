namespace SnsTelegram.Sdk;

/// <summary>How a forum supergroup's notifications are spread over its topics (<see cref="SnsTelegramOptions.ForumTopics"/>).</summary>
public enum ForumTopicRouting
{
    /// <summary>One topic per notification type: published posts, failed posts, automations, daily reports, digests.</summary>
    NotificationType,

    /// <summary>
    /// One topic per social network (Instagram, X, ...) for the notifications about one network (a published or failed
    /// post, an automation that posts to one network); the others (daily reports, digests, an automation for several
    /// networks) keep their notification type's topic.
    /// </summary>
    Platform,
}
