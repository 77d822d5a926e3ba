namespace SnsTelegram.Sdk.Testing;

/// <summary>The picture of a photo message.</summary>
/// <param name="FileId">The <c>file_id</c> the emulator gave it; send it again with this id.</param>
/// <param name="FileUniqueId">The <c>file_unique_id</c>.</param>
/// <param name="SourceUrl">The URL the bot sent, or <see langword="null"/> when it sent a <c>file_id</c>.</param>
public sealed record RecordedPhoto(string FileId, string FileUniqueId, string? SourceUrl);
