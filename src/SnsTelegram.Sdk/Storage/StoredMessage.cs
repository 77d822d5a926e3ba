namespace SnsTelegram.Sdk.Storage;

internal sealed record StoredMessage(
    string Text,
    string ParseMode,
    bool LinkPreview,
    bool Silent,
    StoredButton[][]? Buttons,
    StoredPhoto? Photo = null,
    string? RequestLocation = null,
    bool? RemoveReplyKeyboard = null,
    string? LinkPreviewUrl = null,
    bool? LinkPreviewAboveText = null);
