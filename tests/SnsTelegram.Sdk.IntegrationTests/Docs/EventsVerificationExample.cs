using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SnsTelegram.Sdk.IntegrationTests.Docs;

/// <summary>The receiver's check of docs/events.md, quoted by the docs (DocsSnippetTests) and run against real requests by <see cref="EventsDocTests"/>.</summary>
internal static class EventsVerificationExample
{
    // <verify>
    public static bool IsValid(string secret, string id, string timestamp, string body, string signatureHeader, DateTimeOffset now)
    {
        // refuse stale or future timestamps: a replayed request carries an old one
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var signature = new byte[32];
            if (part.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(part[3..], signature, out var length) && length == 32
                && CryptographicOperations.FixedTimeEquals(signature, expected))
            {
                return true;   // any one signature is enough (two during a rotation)
            }
        }

        return false;
    }

    // </verify>
}
