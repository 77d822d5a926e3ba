using System.Text.Json;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>
/// Reads the sample's JSON request bodies with the library's rule: a JSON object of at most <see cref="MaxBytes"/>,
/// only the fields the endpoint knows, and every string valid text (no broken UTF-8, no lone surrogate escapes, no
/// control characters other than tab and line breaks). Anything else is a 400 (413 when too large), never a 500.
/// </summary>
public static class JsonBody
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads the body as a JSON object with only <paramref name="fields"/>; on anything else, the error to return.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpContext http, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var shape = $"The body must be a JSON object with only these fields: {string.Join(", ", fields)}.";
        var (bytes, tooLarge) = await ReadBytesAsync(http, cancellationToken);
        if (tooLarge is not null)
        {
            return (default, tooLarge);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return (default, SampleJson.Error(StatusCodes.Status400BadRequest, shape));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (default, SampleJson.Error(StatusCodes.Status400BadRequest, shape));
            }

            if (!IsReadable(root))
            {
                return (default, SampleJson.Error(
                    StatusCodes.Status400BadRequest,
                    "The request body must be UTF-8 JSON whose strings are valid text: no broken UTF-8, no lone surrogate escapes (such as \\ud800), no NUL or other control characters except tab and line breaks."));
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!fields.Contains(property.Name))
                {
                    return (default, SampleJson.Error(StatusCodes.Status400BadRequest, $"Unknown field. {shape}"));
                }
            }

            return (root.Clone(), null);
        }
    }

    /// <summary>
    /// For an endpoint that takes no fields: no body, or an empty JSON object (some clients always send one). A body with
    /// anything in it is the error to return, so a field such as <c>user_id</c> is never silently ignored.
    /// </summary>
    public static async Task<IResult?> RefuseFieldsAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await ReadBytesAsync(http, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any())
            {
                return null;
            }
        }
        catch (JsonException)
        {
        }

        return SampleJson.Error(StatusCodes.Status400BadRequest, "This endpoint takes no request body: send none (or {}); the user comes from the sign-in, never from the body.");
    }

    private static async Task<(ReadOnlyMemory<byte> Bytes, IResult? TooLarge)> ReadBytesAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var tooLarge = SampleJson.Error(StatusCodes.Status413PayloadTooLarge, $"The request body is too large (at most {MaxBytes / 1024} KB).");
        if (http.Request.ContentLength > MaxBytes)
        {
            return (default, tooLarge);
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MaxBytes)
            {
                return (default, tooLarge);
            }
        }

        return (buffer.AsMemory(0, length), null);
    }

    /// <summary>Whether every property name and string value under <paramref name="element"/> is valid text.</summary>
    public static bool IsReadable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return IsAllowedText(element.GetString()!);
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsReadable);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => IsAllowedText(p.Name) && IsReadable(p.Value));
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            // GetString and Name throw on invalid UTF-8 and on escapes that leave a lone surrogate
            return false;
        }
    }

    private static bool IsAllowedText(string text) => !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));
}
