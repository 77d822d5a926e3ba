namespace SnsTelegram.Sdk.Storage;

/// <summary>A user's digest window: the events recorded while it is open go out as one message when it closes.</summary>
/// <param name="Id">The store's id of the window (the digest message's idempotency key is <c>digest:{Id}</c>).</param>
/// <param name="UserId">The app's id of the user.</param>
/// <param name="OpenedAt">When the first event opened it.</param>
/// <param name="ClosesAt">When it closes.</param>
/// <param name="ItemCount">How many events it holds.</param>
/// <param name="Held">Whether quiet hours in hold mode held an event in it (it then closes no earlier than they end).</param>
public sealed record DigestWindow(long Id, string UserId, DateTimeOffset OpenedAt, DateTimeOffset ClosesAt, int ItemCount, bool Held);
