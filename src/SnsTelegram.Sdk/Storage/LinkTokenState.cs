namespace SnsTelegram.Sdk.Storage;

/// <summary>The state of a stored link token.</summary>
public enum LinkTokenState
{
    /// <summary>Not used yet.</summary>
    Active,

    /// <summary>Redeemed once; never again.</summary>
    Used,

    /// <summary>Replaced by a newer token of the same owner.</summary>
    Retired,
}
