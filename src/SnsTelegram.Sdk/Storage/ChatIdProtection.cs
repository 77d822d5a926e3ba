using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Wraps the data keys (<see cref="ChatIdKeys"/>) that a database provider stores beside the data, so that the database
/// alone (a stolen file or backup) does not hold what decrypts it: by default with ASP.NET Core Data Protection (the
/// app's key ring), or with a key from the configuration (<see cref="SnsTelegramOptions.StorageEncryptionKey"/>).
/// <c>AddSnsTelegram</c> registers one as a singleton; the SQLite and PostgreSQL providers resolve it.
/// </summary>
public sealed class ChatIdProtection
{
    /// <summary>The Data Protection purpose under which data keys are wrapped.</summary>
    public const string DataProtectionPurpose = "SnsTelegram.Sdk.Storage.DataKeys.v1";

    private const string DataProtectionTag = "dp:";
    private const string ConfiguredKeyTag = "key:";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly IDataProtector? _protector;
    private readonly byte[]? _key;

    private ChatIdProtection(IDataProtector? protector, byte[]? key)
    {
        _protector = protector;
        _key = key;
    }

    /// <summary>What wraps the keys, for messages.</summary>
    public string Source => _protector is not null ? "this app's ASP.NET Core Data Protection key ring" : "the configured SnsTelegram:StorageEncryptionKey";

    /// <summary>Wraps data keys with ASP.NET Core Data Protection (purpose <see cref="DataProtectionPurpose"/>).</summary>
    /// <param name="provider">The app's Data Protection provider.</param>
    /// <returns>The protection.</returns>
    public static ChatIdProtection FromDataProtection(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new ChatIdProtection(provider.CreateProtector(DataProtectionPurpose), null);
    }

    /// <summary>Wraps data keys with AES-256-GCM under <paramref name="key"/>.</summary>
    /// <param name="key">A key of <see cref="ChatIdKeys.KeyLength"/> bytes (32), kept secret and the same on every instance.</param>
    /// <returns>The protection.</returns>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static ChatIdProtection FromKey(ReadOnlySpan<byte> key) =>
        key.Length == ChatIdKeys.KeyLength
            ? new ChatIdProtection(null, key.ToArray())
            : throw new ArgumentException($"The storage encryption key must be {ChatIdKeys.KeyLength} bytes (got {key.Length}).", nameof(key));

    /// <summary>Wraps a data key for storing.</summary>
    /// <param name="dataKey">The key's bytes.</param>
    /// <returns>Text to store: <c>dp:...</c> (Data Protection) or <c>key:...</c> (the configured key).</returns>
    public string Wrap(ReadOnlySpan<byte> dataKey)
    {
        if (_protector is not null)
        {
            return DataProtectionTag + Convert.ToBase64String(_protector.Protect(dataKey.ToArray()));
        }

        var sealedKey = new byte[NonceLength + dataKey.Length + TagLength];
        var nonce = sealedKey.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key!, TagLength))
        {
            aes.Encrypt(nonce, dataKey, sealedKey.AsSpan(NonceLength, dataKey.Length), sealedKey.AsSpan(NonceLength + dataKey.Length));
        }

        return ConfiguredKeyTag + Convert.ToBase64String(sealedKey);
    }

    /// <summary>Unwraps a data key stored by <see cref="Wrap"/>.</summary>
    /// <param name="wrapped">The stored text.</param>
    /// <param name="holder">What holds the key, for the message (such as "The SQLite file '/data/app.db'").</param>
    /// <returns>The key's bytes.</returns>
    /// <exception cref="InvalidOperationException">
    /// The key cannot be unwrapped: it was wrapped by another key ring or another configured key, or by the other kind of
    /// protection; the message says what to share or configure.
    /// </exception>
    public byte[] Unwrap(string wrapped, string holder)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        ArgumentNullException.ThrowIfNull(holder);
        var byDataProtection = wrapped.StartsWith(DataProtectionTag, StringComparison.Ordinal);
        var byKey = wrapped.StartsWith(ConfiguredKeyTag, StringComparison.Ordinal);
        if (!byDataProtection && !byKey)
        {
            throw new InvalidOperationException($"{holder} holds a data key in a form this library does not know; it was not written by SnsTelegram.Sdk.");
        }

        if (byDataProtection != (_protector is not null))
        {
            throw new InvalidOperationException(byDataProtection
                ? $"{holder} keeps its chat-id data keys wrapped by ASP.NET Core Data Protection, but SnsTelegram:StorageEncryptionKey is set: remove it (and share the Data Protection key ring that wrapped them), or the keys cannot be read."
                : $"{holder} keeps its chat-id data keys wrapped by a configured SnsTelegram:StorageEncryptionKey, but none is set: set the same key on every instance.");
        }

        try
        {
            return byDataProtection ? UnwrapByDataProtection(wrapped) : UnwrapByKey(wrapped);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new InvalidOperationException(
                byDataProtection
                    ? $"{holder} keeps chat ids encrypted under data keys that {Source} cannot unwrap: the key ring that wrapped them is not this app's. Every instance must use one shared, persisted key ring (PersistKeysToFileSystem on a shared volume, or to a database, with the same SetApplicationName) that survives restarts; see the deployment guide."
                    : $"{holder} keeps chat ids encrypted under data keys that {Source} cannot unwrap: it is not the key that wrapped them. Set the same SnsTelegram:StorageEncryptionKey on every instance.",
                e);
        }
    }

    private byte[] UnwrapByDataProtection(string wrapped) =>
        _protector!.Unprotect(Convert.FromBase64String(wrapped[DataProtectionTag.Length..]));

    private byte[] UnwrapByKey(string wrapped)
    {
        var sealedKey = Convert.FromBase64String(wrapped[ConfiguredKeyTag.Length..]);
        if (sealedKey.Length <= NonceLength + TagLength)
        {
            throw new FormatException("The wrapped key is too short.");
        }

        var key = new byte[sealedKey.Length - NonceLength - TagLength];
        using var aes = new AesGcm(_key!, TagLength);
        aes.Decrypt(sealedKey.AsSpan(0, NonceLength), sealedKey.AsSpan(NonceLength, key.Length), sealedKey.AsSpan(NonceLength + key.Length), key);
        return key;
    }
}
