namespace SnsTelegram.Sdk.Delivery;

/// <summary>The kinds of <see cref="SendPlan"/>.</summary>
internal enum SendPlanKind
{
    /// <summary>Queued now (silent in quiet hours of silent mode).</summary>
    Now,

    /// <summary>Held by quiet hours in hold mode until they end, folded into one digest.</summary>
    Hold,

    /// <summary>Put into the user's digest window.</summary>
    Digest,
}
