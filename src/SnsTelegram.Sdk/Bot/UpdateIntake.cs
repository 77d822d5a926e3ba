using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// The one way an update, as received, reaches the bot, whether the webhook or long polling fetched it. It reads the
/// JSON as Telegram's <see cref="Update"/> and hands it to <see cref="UpdateRouter"/>. An update that cannot be read
/// (a field out of range, a wrong type, a required field missing) or whose handler failed is kept for inspection
/// (<see cref="IProcessedUpdateStore.AddUnreadableAsync"/>), counted and logged, and the bot moves on: refusing it would
/// make Telegram deliver it again for a day and hold the later updates back. When the store cannot be reached, nothing is
/// lost: the answer is <see cref="IntakeResult.RetryLater"/>, so Telegram delivers the update again.
/// </summary>
internal sealed class UpdateIntake(
    UpdateRouter router,
    IProcessedUpdateStore store,
    TimeProvider time,
    UpdateMetrics metrics,
    ILogger<UpdateIntake> logger)
{
    /// <summary>How long Telegram is asked to wait before delivering again an update the bot could not take now.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Takes one update as received from <paramref name="source"/> (<c>webhook</c> or <c>polling</c>).</summary>
    /// <remarks>
    /// It finishes what it started even when the caller stops waiting: the update id is recorded as processed first, so
    /// stopping half way would lose it. No exception leaves this method.
    /// </remarks>
    public async ValueTask<IntakeResult> AcceptAsync(ReadOnlyMemory<byte> json, string source)
    {
        if (!TryReadUpdateId(json.Span, out var updateId))
        {
            return IntakeResult.NotAnUpdate;
        }

        Update update;
        try
        {
            update = ReadUpdate(json.Span)
                ?? throw new JsonException("The update is null.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Telegram.Bot's converters throw more than JsonException on a value they cannot take (a date of 2^40 throws
            // ArgumentOutOfRangeException, a chat member without a status KeyNotFoundException): any of them means unreadable.
            // The reason kept with the update names the field; the log names only the exception's type, so that nothing
            // the sender wrote reaches the logs.
            var reason = Describe("unreadable", ex);
            Log.UpdateUnreadable(logger, updateId, source, ex.GetType().Name);
            return await KeepAsync(updateId, source, reason, json).ConfigureAwait(false);
        }

        try
        {
            var outcome = await router.HandleAsync(update, CancellationToken.None).ConfigureAwait(false);
            switch (outcome)
            {
                case UpdateOutcome.Deferred:
                    return IntakeResult.RetryLater;
                case UpdateOutcome.Failed:
                    // The handler's exception is logged by the router (4001); the update is kept so it can be looked at.
                    return await KeepAsync(updateId, source, "handler_failed: see log event 4001 for update " + updateId.ToString(System.Globalization.CultureInfo.InvariantCulture), json).ConfigureAwait(false);
                default:
                    return IntakeResult.Done;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only the processed-update mark throws out of the router (the store is unreachable): nothing was done yet.
            Log.UpdateDeferred(logger, updateId, source, ex);
            return IntakeResult.RetryLater;
        }
    }

    /// <summary>Whether <paramref name="json"/> is a JSON object with a positive integer <c>update_id</c> (the envelope of every update).</summary>
    internal static bool TryReadUpdateId(ReadOnlySpan<byte> json, out long updateId)
    {
        updateId = 0;
        if (json.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            long? found = null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("update_id"u8))
                {
                    reader.Read();
                    found = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) && id > 0 ? id : null;
                    if (found is null)
                    {
                        return false;
                    }
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            // The whole body must be one well-formed value: reading it to the end proves it.
            if (reader.Read())
            {
                return false;
            }

            updateId = found ?? 0;
            return found is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async ValueTask<IntakeResult> KeepAsync(long updateId, string source, string reason, ReadOnlyMemory<byte> json)
    {
        var body = Encoding.UTF8.GetString(json.Span);
        var truncated = body.Length > UnreadableUpdate.MaxBodyLength;
        if (truncated)
        {
            body = body[..UnreadableUpdate.MaxBodyLength];
            if (char.IsHighSurrogate(body[^1]))
            {
                body = body[..^1];
            }
        }

        try
        {
            await store.AddUnreadableAsync(new UnreadableUpdate(updateId, source, reason, body, truncated, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not kept: Telegram is asked to deliver it again rather than have it vanish.
            Log.UpdateDeferred(logger, updateId, source, ex);
            return IntakeResult.RetryLater;
        }

        metrics.Kept(source, reason.StartsWith("unreadable", StringComparison.Ordinal) ? "unreadable" : "handler_failed");
        return IntakeResult.Done;
    }

    private static string Describe(string kind, Exception ex)
    {
        var text = $"{kind}: {ex.GetType().Name}: {ex.Message}";
        text = text.Replace('\0', '\uFFFD');
        return text.Length <= UnreadableUpdate.MaxReasonLength ? text : text[..(UnreadableUpdate.MaxReasonLength - 1)] + "…";
    }

    // Telegram.Bot's options carry its source-generated JsonSerializerContext (JsonBotSerializerContext) in their resolver
    // chain, which has the metadata of Update; a static JsonTypeInfo taken from them made some first reads fail, so the
    // call stays the one Telegram.Bot documents.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "JsonBotAPI.Options carries Telegram.Bot's source-generated context, which has the metadata of Update.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "JsonBotAPI.Options carries Telegram.Bot's source-generated context, which has the metadata of Update.")]
    private static Update? ReadUpdate(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options);
}
