using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> and the base64 of HMAC-SHA256 under the secret's key (the base64 after
/// <c>whsec_</c>) of <c>{webhook-id}.{webhook-timestamp}.{body}</c>; one signature per secret, separated by spaces.
/// </summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>The key of a <c>whsec_</c> secret, or null when it is not one (no prefix, not base64, 24 to 64 bytes).</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var length) && length is >= 24 and <= 64 ? buffer[..length] : null;
    }

    /// <summary>The <c>webhook-signature</c> header's value for one post.</summary>
    public static string Sign(IReadOnlyList<byte[]> keys, string id, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        var signatures = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            signatures[i] = "v1," + Convert.ToBase64String(HMACSHA256.HashData(keys[i], content));
        }

        return string.Join(' ', signatures);
    }
}
