using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Creates and hashes link secrets. Deep-link tokens carry 256 random bits as 43 base64url characters (a valid
/// <c>start</c> payload); chat codes are 8 characters of Crockford's base32 alphabet (no I, L, O, U), easy to copy.
/// Only SHA-256 hashes reach the store.
/// </summary>
internal static class LinkSecrets
{
    /// <summary>Random bytes in a deep-link token.</summary>
    public const int TokenBytes = 32;

    /// <summary>The length of a deep-link token.</summary>
    public const int TokenLength = 43;

    /// <summary>The length of a chat code.</summary>
    public const int CodeLength = 8;

    /// <summary>Crockford's base32 alphabet: digits and letters without I, L, O and U.</summary>
    public const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // Random bytes are drawn from the system generator a block at a time (one call per 32 tokens instead of one per
    // token: a call costs about 2 us of CPU, most of a token's cost) and wiped as they are taken.
    private const int RandomBlockBytes = TokenBytes * 32;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_randomUsed;

    public static string NewToken()
    {
        var block = t_random;
        if (block is null || t_randomUsed + TokenBytes > block.Length)
        {
            block ??= t_random = new byte[RandomBlockBytes];
            RandomNumberGenerator.Fill(block);
            t_randomUsed = 0;
        }

        var bytes = block.AsSpan(t_randomUsed, TokenBytes);
        t_randomUsed += TokenBytes;
        var token = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return token;
    }

    public static string NewCode()
    {
        Span<char> chars = stackalloc char[CodeLength];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token this library issues.</summary>
    public static bool IsTokenShaped(string? token)
    {
        if (token is null || token.Length != TokenLength)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The canonical form of a code a person typed: upper case, without spaces or dashes, with I and L read as 1 and
    /// O as 0 (Crockford's rules); null when it cannot be a code.
    /// </summary>
    public static string? NormalizeCode(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[CodeLength];
        var length = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ' or '\t')
            {
                continue;
            }

            var c = char.ToUpperInvariant(raw) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };
            if (length == CodeLength || !CodeAlphabet.Contains(c, StringComparison.Ordinal))
            {
                return null;
            }

            buffer[length++] = c;
        }

        return length == CodeLength ? new string(buffer) : null;
    }

    /// <summary>The base64url SHA-256 hash of a secret: what the store keeps.</summary>
    public static string Hash(string secret)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= 256 ? stackalloc byte[256] : (rented = new byte[maxBytes]);
        var count = Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8[..count], hash);
        if (rented is null)
        {
            CryptographicOperations.ZeroMemory(utf8[..count]);
        }

        return Base64Url.EncodeToString(hash);
    }

    /// <summary>Compares two hashes in constant time (for stores whose lookups might not be exact, such as case-insensitive collations).</summary>
    public static bool HashEquals(string expected, string actual)
    {
        if (expected.Length > 64 || actual.Length > 64)
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
        }

        Span<byte> left = stackalloc byte[64];
        Span<byte> right = stackalloc byte[64];
        var leftCount = Encoding.ASCII.GetBytes(expected, left);
        var rightCount = Encoding.ASCII.GetBytes(actual, right);
        return CryptographicOperations.FixedTimeEquals(left[..leftCount], right[..rightCount]);
    }
}
