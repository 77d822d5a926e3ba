namespace SnsTelegram.Sdk.Storage;

/// <summary>The outcome of redeeming a token.</summary>
public enum LinkTokenConsumeStatus
{
    /// <summary>Redeemed now; the token is used.</summary>
    Consumed,

    /// <summary>No such token (or long purged).</summary>
    NotFound,

    /// <summary>Already redeemed.</summary>
    AlreadyUsed,

    /// <summary>Past its expiry.</summary>
    Expired,

    /// <summary>Replaced by a newer token.</summary>
    Retired,
}
