namespace SnsTelegram.Sdk.Bot;

/// <summary>What <see cref="UpdateIntake"/> made of one update as received.</summary>
internal enum IntakeResult
{
    /// <summary>Done with it: handled, ignored, a duplicate, or kept for inspection because it could not be read or handled. The webhook answers 200; polling confirms it.</summary>
    Done,

    /// <summary>Not an update at all (not a JSON object with a numeric <c>update_id</c>): the webhook answers 400.</summary>
    NotAnUpdate,

    /// <summary>
    /// Nothing was done for a reason that may pass (the store was unreachable): Telegram should deliver it again. The
    /// webhook answers 503 with <c>Retry-After</c>; polling does not confirm it and fetches it again after a pause.
    /// </summary>
    RetryLater,
}
