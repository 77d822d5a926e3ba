namespace SnsTelegram.Sdk;

/// <summary>An automation rule ran (<c>automation_executed</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="RuleName">The rule's name, as the user gave it.</param>
/// <param name="Platforms">The platforms the rule posts to.</param>
/// <param name="ExecutedAt">When it ran; null means now.</param>
/// <param name="Status">How it ended.</param>
public sealed record AutomationExecuted(
    string UserId,
    string RuleName,
    IReadOnlyList<SnsPlatform> Platforms,
    DateTimeOffset? ExecutedAt = null,
    AutomationStatus Status = AutomationStatus.Completed) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.AutomationExecuted;

    /// <summary>A detail line, for example an error message of a failed run.</summary>
    public string? Detail { get; init; }
}
