namespace SnsTelegram.Sdk.Storage;

internal sealed record StoredButton(string Text, string? Url, string? CallbackData);
