using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SnsTelegram.Sdk.Testing.Server;

/// <summary>The parameters of one Bot API call, from a JSON body, a form body (url-encoded or multipart) or the
/// query string, the three ways Telegram accepts them.</summary>
internal sealed class RequestArgs : IDisposable
{
    private readonly JsonDocument? _json;
    private readonly Dictionary<string, string>? _values;
    private List<JsonDocument>? _parsed;

    private RequestArgs(JsonDocument? json, Dictionary<string, string>? values)
    {
        _json = json;
        _values = values;
    }

    public static async ValueTask<RequestArgs> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? values = null;
        if (request.QueryString.HasValue)
        {
            values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in request.Query)
            {
                values[pair.Key] = pair.Value.ToString();
            }
        }

        JsonDocument? json = null;
        if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            var contentType = request.ContentType ?? string.Empty;
            if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    json = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException)
                {
                    throw new BotApiException(400, "Bad Request: can't parse JSON encoded request body");
                }

                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    json.Dispose();
                    throw new BotApiException(400, "Bad Request: JSON object expected in the request body");
                }
            }
            else if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                values ??= new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in form)
                {
                    values[pair.Key] = pair.Value.ToString();
                }
            }
        }

        return new RequestArgs(json, values);
    }

    public bool Has(string name) => TryGet(name, out _, out _);

    public string? GetString(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        if (text is not null)
        {
            return text;
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => element.GetRawText(),
        };
    }

    public long? GetInt64(string name, string errorDescription)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        if (text is null && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return number;
        }

        if (text is null && element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var raw = text ?? (element.ValueKind == JsonValueKind.String ? element.GetString() : null);
        if (raw is not null && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new BotApiException(400, errorDescription);
    }

    public bool GetBool(string name)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return false;
        }

        if (text is not null)
        {
            return text is "true" or "True" or "1";
        }

        return element.ValueKind == JsonValueKind.True
            || (element.ValueKind == JsonValueKind.String && element.GetString() is "true" or "True" or "1");
    }

    /// <summary>A JSON-valued parameter (reply_markup, entities, ...): a JSON value in a JSON body, or a JSON
    /// serialized string (as in forms and, as Telegram also accepts, in JSON bodies).</summary>
    public JsonElement? GetJson(string name, string errorDescription)
    {
        if (!TryGet(name, out var element, out var text))
        {
            return null;
        }

        if (text is null && element.ValueKind != JsonValueKind.String)
        {
            return element.ValueKind == JsonValueKind.Null ? null : element;
        }

        text ??= element.GetString() ?? string.Empty;
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(text);
            (_parsed ??= []).Add(document);
            return document.RootElement;
        }
        catch (JsonException)
        {
            throw new BotApiException(400, errorDescription);
        }
    }

    private bool TryGet(string name, out JsonElement element, out string? text)
    {
        if (_json is not null && _json.RootElement.TryGetProperty(name, out element))
        {
            text = null;
            return true;
        }

        element = default;
        if (_values is not null && _values.TryGetValue(name, out text))
        {
            return true;
        }

        text = null;
        return false;
    }

    public void Dispose()
    {
        _json?.Dispose();
        if (_parsed is not null)
        {
            foreach (var document in _parsed)
            {
                document.Dispose();
            }
        }
    }
}
