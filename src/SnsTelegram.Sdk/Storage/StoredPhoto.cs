namespace SnsTelegram.Sdk.Storage;

/// <summary>A message's photo; messages stored before photos existed have none.</summary>
internal sealed record StoredPhoto(string? Url, string? FileId);
