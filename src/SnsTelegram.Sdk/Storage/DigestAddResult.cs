namespace SnsTelegram.Sdk.Storage;

/// <summary>The answer of <see cref="IDigestStore.AddAsync"/>.</summary>
/// <param name="Added">False when an event with the same key was already kept (nothing changed).</param>
/// <param name="WindowId">The window that holds the event.</param>
public readonly record struct DigestAddResult(bool Added, long WindowId);
