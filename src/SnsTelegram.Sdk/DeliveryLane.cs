namespace SnsTelegram.Sdk;

/// <summary>
/// How soon a message goes out relative to the others waiting: the dispatcher always serves the most urgent lane first,
/// while the messages of one chat keep the order in which they were enqueued, whatever their lanes.
/// </summary>
public enum DeliveryLane
{
    /// <summary>Before everything else: post failures, test messages and the bot's replies.</summary>
    Urgent = 0,

    /// <summary>The default: post successes, automation results and the edits of sent messages.</summary>
    Normal = 1,

    /// <summary>After everything else: daily reports and other large fan-outs.</summary>
    Bulk = 2,
}
