namespace SnsTelegram.Sdk;

/// <summary>A test message the user asked for (<c>test</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
public sealed record TestMessage(string UserId) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.Test;
}
