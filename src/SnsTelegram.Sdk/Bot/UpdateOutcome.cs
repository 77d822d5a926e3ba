namespace SnsTelegram.Sdk.Bot;

/// <summary>What became of an update.</summary>
internal enum UpdateOutcome
{
    /// <summary>The bot acted on it.</summary>
    Handled,

    /// <summary>Not for the bot (plain group chatter, an update type it does not handle).</summary>
    Ignored,

    /// <summary>Its id was processed before.</summary>
    Duplicate,

    /// <summary>A handler failed; the failure was logged.</summary>
    Failed,

    /// <summary>
    /// A handler failed for a reason that may pass (the database was unreachable or timed out): the update id was released
    /// (<see cref="Storage.IProcessedUpdateStore.UnmarkProcessedAsync"/>), so Telegram's next delivery is handled.
    /// </summary>
    Deferred,
}
