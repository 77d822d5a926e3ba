namespace SnsTelegram.Sdk.Storage;

/// <summary>A permit taken with <see cref="IRateLimitStore.TryTakeAsync"/>; give it to <see cref="IRateLimitStore.ReturnAsync"/> to give it back.</summary>
/// <param name="Scope">The scope it was taken in.</param>
/// <param name="Key">The key it was taken for.</param>
/// <param name="Id">The store's id of the permit.</param>
/// <param name="TakenAt">When it was taken.</param>
public sealed record RateLimitPermit(string Scope, string Key, long Id, DateTimeOffset TakenAt);
