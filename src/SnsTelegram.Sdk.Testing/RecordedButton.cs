namespace SnsTelegram.Sdk.Testing;

/// <summary>An inline keyboard button.</summary>
/// <param name="Text">The label.</param>
/// <param name="CallbackData">The callback data, or <see langword="null"/>.</param>
/// <param name="Url">The URL, or <see langword="null"/>.</param>
public sealed record RecordedButton(string Text, string? CallbackData, string? Url);
