using System.Net.Http.Headers;
using System.Text.Json;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// <c>getUpdates</c> answered as raw JSON, one element per update, so that one update Telegram.Bot cannot read does not
/// make the whole batch unreadable: each element goes to <see cref="UpdateIntake"/> on its own, as a webhook body would.
/// </summary>
internal sealed class RawUpdatesRequest(long? offset, int limit, int timeoutSeconds, IReadOnlyList<UpdateType> allowedUpdates)
    : RequestBase<JsonElement[]>("getUpdates")
{
    public override HttpContent ToHttpContent()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (offset is { } value)
            {
                writer.WriteNumber("offset", value);
            }

            writer.WriteNumber("limit", limit);
            writer.WriteNumber("timeout", timeoutSeconds);
            writer.WriteStartArray("allowed_updates");
            foreach (var type in allowedUpdates)
            {
                writer.WriteStringValue(JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString()));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(stream.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
