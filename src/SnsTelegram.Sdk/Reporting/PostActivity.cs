namespace SnsTelegram.Sdk.Reporting;

/// <summary>One post attempt of a user, as the host's data knows it.</summary>
/// <param name="UserId">The app's id of the user.</param>
/// <param name="Platform">Where it went.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="At">When it was published or failed.</param>
/// <param name="Likes">Likes.</param>
/// <param name="Comments">Comments.</param>
/// <param name="Shares">Shares.</param>
/// <param name="Views">Views.</param>
public readonly record struct PostActivity(
    string UserId,
    SnsPlatform Platform,
    PostOutcome Outcome,
    DateTimeOffset At,
    long Likes = 0,
    long Comments = 0,
    long Shares = 0,
    long Views = 0);
