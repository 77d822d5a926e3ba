namespace SnsTelegram.Sdk;

/// <summary>
/// A store the library needs did not answer (the database is unreachable or locked) or did not answer within
/// <see cref="DeliveryOptions.StoreTimeout"/>. Nothing was saved: a notification was not queued, so the caller may
/// retry it later (with the same idempotency key it is queued at most once) or report it.
/// </summary>
public sealed class SnsTelegramStoreException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be done and why.</param>
    public SnsTelegramStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own exception.</summary>
    /// <param name="message">What could not be done and why.</param>
    /// <param name="innerException">The store's exception.</param>
    public SnsTelegramStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public SnsTelegramStoreException()
        : base("A store of SnsTelegram did not answer.")
    {
    }
}
