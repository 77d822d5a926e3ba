namespace SnsTelegram.Sdk;

/// <summary>
/// The rule for the app's user ids, applied wherever one enters the library (the account endpoints through
/// <see cref="ITelegramUserIdAccessor"/>, <see cref="ISnsTelegramNotifier"/>, <see cref="SnsNotificationFactory"/>):
/// not empty or whitespace, at most <see cref="MaxLength"/> characters, no control characters and no broken
/// UTF-16 (a lone surrogate).
/// </summary>
public static class SnsUserId
{
    /// <summary>The longest user id accepted, in UTF-16 characters.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="userId"/> is missing: null, empty or whitespace (the endpoints answer 401).</summary>
    /// <param name="userId">The id to look at.</param>
    /// <returns>True when there is no usable id at all.</returns>
    public static bool IsMissing(string? userId) => string.IsNullOrWhiteSpace(userId);

    /// <summary>What is wrong with <paramref name="userId"/>, or null when it follows the rule.</summary>
    /// <param name="userId">The id to check.</param>
    /// <returns>A message that names the rule broken, without repeating the id; null for a valid id.</returns>
    public static string? Problem(string? userId)
    {
        if (IsMissing(userId))
        {
            return "The user id must not be empty or whitespace.";
        }

        if (userId!.Length > MaxLength)
        {
            return $"The user id must be at most {MaxLength} characters long.";
        }

        for (var i = 0; i < userId.Length; i++)
        {
            var c = userId[i];
            if (char.IsControl(c))
            {
                return "The user id must not contain control characters.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < userId.Length && char.IsLowSurrogate(userId[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "The user id must be valid Unicode text (it holds a lone surrogate).";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="userId"/> follows the rule.</summary>
    /// <param name="userId">The id to check.</param>
    /// <returns>True for a valid id.</returns>
    public static bool IsValid(string? userId) => Problem(userId) is null;

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule when <paramref name="userId"/> does not follow it.</summary>
    /// <param name="userId">The id to check.</param>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentException">The id is null, empty, whitespace, too long, or holds control characters or a lone surrogate.</exception>
    public static void ThrowIfInvalid(string? userId, string paramName)
    {
        if (userId is null)
        {
            throw new ArgumentNullException(paramName, "The user id must not be null.");
        }

        if (Problem(userId) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }
}
