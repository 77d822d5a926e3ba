namespace SnsTelegram.Sdk;

/// <summary>A scheduled post was published (<c>post_success</c>).</summary>
/// <param name="UserId">The app's id of the user to notify.</param>
/// <param name="Platform">Where the post went.</param>
/// <param name="Preview">The post's text (shortened in the message).</param>
/// <param name="PostUrl">The published post's address; shown as a link and a "View post" button.</param>
/// <param name="Likes">Likes so far, when known.</param>
/// <param name="Comments">Comments so far, when known.</param>
/// <param name="PublishedAt">When it was published; null means now.</param>
public sealed record PostPublished(
    string UserId,
    SnsPlatform Platform,
    string? Preview,
    string? PostUrl,
    long? Likes = null,
    long? Comments = null,
    DateTimeOffset? PublishedAt = null) : SnsNotification(UserId)
{
    /// <inheritdoc />
    public override string Type => NotificationTypes.PostSuccess;

    /// <summary>Shares so far, when known.</summary>
    public long? Shares { get; init; }

    /// <summary>Views so far, when known.</summary>
    public long? Views { get; init; }

    /// <summary>The app's id of the post, when it has one (used for the default idempotency key).</summary>
    public string? PostId { get; init; }

    /// <summary>
    /// A picture of the post (its image or a screenshot), an absolute https URL; the message is then sent as a photo with
    /// the text as its caption (at most 1024 characters, shortened when longer). If Telegram cannot fetch the picture,
    /// the text is sent alone.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an absolute https URL.</exception>
    public string? ImageUrl
    {
        get;
        init => field = TelegramPhoto.CheckOptionalUrl(value, nameof(ImageUrl));
    }
}
