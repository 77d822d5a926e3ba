namespace SnsTelegram.Sdk;

/// <summary>A scheduled post failed (<c>post_failure</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="Platform">Where the post should have gone.</param>
/// <param name="Preview">The post's text (shortened in the message).</param>
/// <param name="ErrorMessage">Why it failed, as the app words it.</param>
/// <param name="FailedAt">When it failed; null means now.</param>
public sealed record PostFailed(
    string UserId,
    SnsPlatform Platform,
    string? Preview,
    string? ErrorMessage,
    DateTimeOffset? FailedAt = null) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.PostFailure;

    /// <summary>The app's id of the post; with an <see cref="IPostRetryHandler"/> registered, the message carries a "Retry" button.</summary>
    public string? PostId { get; init; }

    /// <summary>
    /// A picture of the post (its image or a screenshot of the failure), an absolute https URL; the message is then sent
    /// as a photo with the text as its caption (at most 1024 characters). If Telegram cannot fetch the picture, the text
    /// is sent alone.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an absolute https URL.</exception>
    public string? ImageUrl
    {
        get;
        init => field = TelegramPhoto.CheckOptionalUrl(value, nameof(ImageUrl));
    }
}
