namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Rotates the data key under which a database provider keeps chat ids encrypted. Registered by the SQLite and
/// PostgreSQL providers; the in-memory stores keep nothing at rest and register none.
/// </summary>
public interface IChatIdKeyRotation
{
    /// <summary>
    /// Adds a new value key, which encrypts from now on in this instance (other instances take it up when they start or
    /// first read a value under it), then re-encrypts every row under an older key, in batches, as
    /// <see cref="ReencryptAsync"/> does. Rows stay readable throughout: each names its key.
    /// </summary>
    /// <param name="cancellationToken">Stops the re-encryption between batches; the new key stays, and <see cref="ReencryptAsync"/> finishes the work.</param>
    /// <returns>The new key's id.</returns>
    ValueTask<int> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-encrypts, in batches of one transaction each, every chat id under an older value key than the newest one; run
    /// it again after every instance has restarted following a rotation, for the rows they wrote meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>How many rows were re-encrypted.</returns>
    ValueTask<long> ReencryptAsync(CancellationToken cancellationToken = default);
}
