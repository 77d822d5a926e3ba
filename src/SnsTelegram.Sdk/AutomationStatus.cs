namespace SnsTelegram.Sdk;

/// <summary>How an automation rule's run ended.</summary>
public enum AutomationStatus
{
    /// <summary>Every step ran.</summary>
    Completed,

    /// <summary>Some platforms succeeded and some failed.</summary>
    PartiallyCompleted,

    /// <summary>The run failed.</summary>
    Failed,
}
