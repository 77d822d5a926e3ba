namespace SnsTelegram.Sdk.Testing;

/// <summary>The bot's answer to a callback query.</summary>
/// <param name="Text">The notification text, or <see langword="null"/>.</param>
/// <param name="ShowAlert">Whether the client shows an alert.</param>
/// <param name="Url">The URL to open, or <see langword="null"/>.</param>
public sealed record CallbackQueryAnswer(string? Text, bool ShowAlert, string? Url);
