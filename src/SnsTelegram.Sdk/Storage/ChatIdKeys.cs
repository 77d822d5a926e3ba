using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// The data keys with which a database provider keeps Telegram chat ids encrypted at rest: one lookup key, for the keyed
/// hash (HMAC-SHA256) by which rows of one chat are found and grouped, and one or more value keys (AES-256-GCM), the
/// newest of which encrypts. Every encrypted value starts with the id of its value key (<c>3:...</c>), so values under an
/// older key stay readable while a rotation re-encrypts them. The lookup key does not rotate: the hash of a chat stays
/// the same, so lookups and the outbox's per-chat order keep working during a rotation. Thread-safe.
/// </summary>
public sealed class ChatIdKeys
{
    /// <summary>The length of every key, in bytes (256 bits).</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int ValueLength = sizeof(long);

    private readonly byte[] _lookupKey;
    private readonly Dictionary<int, byte[]> _valueKeys;

    /// <summary>Keys from their bytes.</summary>
    /// <param name="lookupKey">The lookup (hash) key: <see cref="KeyLength"/> random bytes.</param>
    /// <param name="valueKeys">The value keys by id (1 or more): <see cref="KeyLength"/> random bytes each; the highest id encrypts.</param>
    /// <exception cref="ArgumentException">A key is not <see cref="KeyLength"/> bytes, there is no value key, or a key id is below 1.</exception>
    public ChatIdKeys(ReadOnlySpan<byte> lookupKey, IReadOnlyDictionary<int, byte[]> valueKeys)
    {
        ArgumentNullException.ThrowIfNull(valueKeys);
        if (lookupKey.Length != KeyLength)
        {
            throw new ArgumentException($"The lookup key must be {KeyLength} bytes.", nameof(lookupKey));
        }

        if (valueKeys.Count == 0)
        {
            throw new ArgumentException("At least one value key is needed.", nameof(valueKeys));
        }

        _lookupKey = lookupKey.ToArray();
        _valueKeys = new Dictionary<int, byte[]>(valueKeys.Count);
        foreach (var (id, key) in valueKeys)
        {
            if (id < 1)
            {
                throw new ArgumentException($"Value key ids start at 1 (got {id}).", nameof(valueKeys));
            }

            if (key is null || key.Length != KeyLength)
            {
                throw new ArgumentException($"The value key {id} must be {KeyLength} bytes.", nameof(valueKeys));
            }

            _valueKeys[id] = key.ToArray();
        }

        CurrentKeyId = _valueKeys.Keys.Max();
        CurrentKeyPrefix = CurrentKeyId.ToString(CultureInfo.InvariantCulture) + ":";
    }

    /// <summary>The id of the value key that encrypts.</summary>
    public int CurrentKeyId { get; }

    /// <summary>How every value encrypted under <see cref="CurrentKeyId"/> starts (<c>"3:"</c>); a value that does not was encrypted under an older key.</summary>
    public string CurrentKeyPrefix { get; }

    /// <summary>The ids of the value keys, in ascending order.</summary>
    public IReadOnlyList<int> KeyIds => [.. _valueKeys.Keys.Order()];

    /// <summary>New random key material for a lookup or value key.</summary>
    /// <returns><see cref="KeyLength"/> random bytes.</returns>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyLength);

    /// <summary>The keyed hash of a chat id, to store and look up by: the same for the same chat under every value key.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <returns>The HMAC-SHA256 of the chat id, in base64 (44 characters).</returns>
    public string Hash(long chatId)
    {
        Span<byte> value = stackalloc byte[ValueLength];
        BinaryPrimitives.WriteInt64BigEndian(value, chatId);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_lookupKey, value, hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>Encrypts a chat id under the current value key; each call gives a different text.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <returns><c>{key id}:{base64 of nonce, ciphertext and tag}</c>.</returns>
    public string Protect(long chatId)
    {
        Span<byte> sealedValue = stackalloc byte[NonceLength + ValueLength + TagLength];
        var nonce = sealedValue[..NonceLength];
        var cipher = sealedValue.Slice(NonceLength, ValueLength);
        var tag = sealedValue[(NonceLength + ValueLength)..];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[ValueLength];
        BinaryPrimitives.WriteInt64BigEndian(plain, chatId);
        Span<byte> associated = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(associated, CurrentKeyId);
        using (var aes = new AesGcm(_valueKeys[CurrentKeyId], TagLength))
        {
            aes.Encrypt(nonce, plain, cipher, tag, associated);
        }

        return CurrentKeyPrefix + Convert.ToBase64String(sealedValue);
    }

    /// <summary>
    /// Decrypts a value of <see cref="Protect"/>, under whichever of these keys encrypted it; false when its key is not
    /// one of these (a key added since these keys were read: read them again).
    /// </summary>
    /// <param name="protectedValue">The stored value.</param>
    /// <param name="chatId">The chat id.</param>
    /// <returns>Whether the value's key is one of these.</returns>
    /// <exception cref="InvalidDataException">The value is malformed or was altered (it fails authentication).</exception>
    public bool TryUnprotect(string protectedValue, out long chatId)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        chatId = 0;
        var keyId = KeyIdOf(protectedValue);
        if (!_valueKeys.TryGetValue(keyId, out var key))
        {
            return false;
        }

        Span<byte> sealedValue = stackalloc byte[NonceLength + ValueLength + TagLength];
        var text = protectedValue.AsSpan(protectedValue.IndexOf(':', StringComparison.Ordinal) + 1);
        if (!Convert.TryFromBase64Chars(text, sealedValue, out var written) || written != sealedValue.Length)
        {
            throw Malformed(keyId);
        }

        Span<byte> plain = stackalloc byte[ValueLength];
        Span<byte> associated = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(associated, keyId);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(sealedValue[..NonceLength], sealedValue.Slice(NonceLength, ValueLength), sealedValue[(NonceLength + ValueLength)..], plain, associated);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"An encrypted chat id under data key {keyId} fails authentication: it was altered, or the data key is not the one that encrypted it.", e);
        }

        chatId = BinaryPrimitives.ReadInt64BigEndian(plain);
        return true;
    }

    /// <summary>
    /// The keyed hash of a text that holds a chat id or other personal data (a button action's key), to store and look
    /// up by; never equal to a <see cref="Hash(long)"/> (the input is marked as text).
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>The HMAC-SHA256 of <c>"t:" + value</c> in UTF-8, in base64 (44 characters).</returns>
    public string HashText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes("t:" + value);
        return Convert.ToBase64String(HMACSHA256.HashData(_lookupKey, bytes));
    }

    /// <summary>
    /// Encrypts a text that holds chat ids or other personal data (a kept update's body) under the current value key;
    /// each call gives a different text.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns><c>{key id}:{base64 of nonce, ciphertext and tag}</c>.</returns>
    public string ProtectText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceLength + plain.Length + TagLength];
        var nonce = sealedValue.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[sizeof(int) + 1];
        BinaryPrimitives.WriteInt32BigEndian(associated, CurrentKeyId);
        associated[sizeof(int)] = (byte)'t';
        using (var aes = new AesGcm(_valueKeys[CurrentKeyId], TagLength))
        {
            aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceLength, plain.Length), sealedValue.AsSpan(NonceLength + plain.Length), associated);
        }

        return CurrentKeyPrefix + Convert.ToBase64String(sealedValue);
    }

    /// <summary>Decrypts a value of <see cref="ProtectText"/>; false when its key is not one of these (read the keys again).</summary>
    /// <param name="protectedValue">The stored value.</param>
    /// <param name="value">The text.</param>
    /// <returns>Whether the value's key is one of these.</returns>
    /// <exception cref="InvalidDataException">The value is malformed or was altered (it fails authentication).</exception>
    public bool TryUnprotectText(string protectedValue, out string value)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        value = string.Empty;
        var keyId = KeyIdOf(protectedValue);
        if (!_valueKeys.TryGetValue(keyId, out var key))
        {
            return false;
        }

        byte[] sealedValue;
        try
        {
            sealedValue = Convert.FromBase64String(protectedValue[(protectedValue.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        }
        catch (FormatException)
        {
            throw Malformed(keyId);
        }

        if (sealedValue.Length < NonceLength + TagLength)
        {
            throw Malformed(keyId);
        }

        var length = sealedValue.Length - NonceLength - TagLength;
        var plain = new byte[length];
        Span<byte> associated = stackalloc byte[sizeof(int) + 1];
        BinaryPrimitives.WriteInt32BigEndian(associated, keyId);
        associated[sizeof(int)] = (byte)'t';
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(sealedValue.AsSpan(0, NonceLength), sealedValue.AsSpan(NonceLength, length), sealedValue.AsSpan(NonceLength + length), plain, associated);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"An encrypted text under data key {keyId} fails authentication: it was altered, or the data key is not the one that encrypted it.", e);
        }

        value = Encoding.UTF8.GetString(plain);
        return true;
    }

    /// <summary>The id of the value key that encrypted <paramref name="protectedValue"/>.</summary>
    /// <param name="protectedValue">A value of <see cref="Protect"/>.</param>
    /// <returns>The key id.</returns>
    /// <exception cref="InvalidDataException">The value does not start with a key id.</exception>
    public static int KeyIdOf(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        var colon = protectedValue.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(protectedValue.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1
            ? id
            : throw new InvalidDataException("An encrypted chat id in the database does not start with a data key id ('<id>:'); it is not a value this library wrote.");
    }

    private static InvalidDataException Malformed(int keyId) =>
        new($"An encrypted value under data key {keyId} is malformed; it is not a value this library wrote.");
}
