using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// Checks and processes one webhook request. The secret header is compared in constant time; the body is read up to
/// 1 MB and given to <see cref="UpdateIntake"/>, inline, before the answer, so that an update is never acknowledged
/// before it is handled: if the process dies first, Telegram delivers it again. Processing is short (a store write, and
/// a reply queued in the outbox). An update that cannot be read or handled is kept and acknowledged (200); a store that
/// cannot be reached asks Telegram to deliver again (503); nothing answers 500.
/// </summary>
internal sealed class WebhookProcessor(
    UpdateIntake intake,
    IOptionsMonitor<SnsTelegramOptions> options,
    UpdateMetrics metrics,
    ILogger<WebhookProcessor> logger)
{
    /// <summary>The largest body accepted (Telegram's updates are far smaller).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The header Telegram sends the secret in.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public async ValueTask<WebhookResult> ProcessAsync(string? secret, Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.UpdateMode != TelegramUpdateMode.Webhook || string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return Reject(WebhookResult.NotEnabled, "webhook_disabled");
        }

        if (!SecretMatches(secret, settings.WebhookSecret))
        {
            return Reject(WebhookResult.Unauthorized, secret is null ? "missing_secret" : "wrong_secret");
        }

        if (contentLength > MaxBodyBytes)
        {
            return Reject(WebhookResult.TooLarge, "too_large");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(contentLength is > 0 and <= MaxBodyBytes ? (int)contentLength.Value + 1 : 16 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBodyBytes)
                    {
                        return Reject(WebhookResult.TooLarge, "too_large");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    return Reject(WebhookResult.TooLarge, "too_large");
                }
            }

            return await intake.AcceptAsync(buffer.AsMemory(0, length), "webhook").ConfigureAwait(false) switch
            {
                IntakeResult.NotAnUpdate => Reject(WebhookResult.Malformed, "malformed"),
                IntakeResult.RetryLater => WebhookResult.RetryLater,
                _ => WebhookResult.Accepted,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static bool SecretMatches(string? given, string expected)
    {
        if (given is null)
        {
            return false;
        }

        // The secret is at most 256 ASCII characters; longer input cannot match and is not worth encoding.
        if (given.Length > 1024)
        {
            return false;
        }

        Span<byte> givenBytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(given.Length)];
        Span<byte> expectedBytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(expected.Length)];
        var g = Encoding.UTF8.GetBytes(given, givenBytes);
        var e = Encoding.UTF8.GetBytes(expected, expectedBytes);
        return CryptographicOperations.FixedTimeEquals(givenBytes[..g], expectedBytes[..e]);
    }

    private WebhookResult Reject(WebhookResult result, string reason)
    {
        metrics.WebhookRejected(reason);
        Log.WebhookRejected(logger, reason);
        return result;
    }
}
