using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>Rotates the data key of a relational database's encrypted chat ids (<see cref="RelationalDatabase.AddValueKeyAsync"/>, <see cref="RelationalDatabase.ReencryptAsync"/>).</summary>
internal sealed class RelationalChatIdKeyRotation(RelationalDatabase database) : IChatIdKeyRotation
{
    public async ValueTask<int> RotateAsync(CancellationToken cancellationToken = default)
    {
        var keyId = await database.AddValueKeyAsync(cancellationToken).ConfigureAwait(false);
        await database.ReencryptAsync(cancellationToken).ConfigureAwait(false);
        return keyId;
    }

    public ValueTask<long> ReencryptAsync(CancellationToken cancellationToken = default) => database.ReencryptAsync(cancellationToken);
}
