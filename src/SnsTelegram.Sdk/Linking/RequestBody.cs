using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SnsTelegram.Sdk.Linking;

/// <summary>
/// Reads a small JSON request body with a size cap, and checks every string in it (names and values) before a handler
/// sees it: valid UTF-8, no lone surrogate escapes, no control characters other than tab, line feed and carriage return.
/// A string that cannot be read is refused here, so no handler ever throws on one.
/// </summary>
internal static class RequestBody
{
    /// <summary>The largest JSON body the account endpoints accept.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 8;

    /// <summary>The answer to a body over <see cref="MaxBytes"/>.</summary>
    public const string TooLargeMessage = "The request body is too large (at most 16 KB).";

    /// <summary>The answer to a body with fields where an endpoint takes none.</summary>
    public const string NoFieldsMessage = "This endpoint takes no request body: send none (or {}); the user comes from the sign-in, never from the body.";

    /// <summary>The answer to a body whose strings cannot be read.</summary>
    public const string BadTextMessage = "The request body must be UTF-8 JSON whose strings are valid text: no broken UTF-8, no lone surrogate escapes (such as \\ud800), no NUL or other control characters except tab and line breaks.";

    public enum Status
    {
        Ok,
        Empty,
        TooLarge,
        Malformed,
        BadText,
    }

    public static async ValueTask<(Status Status, JsonDocument? Document)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (Status.TooLarge, null);
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length > MaxBytes)
            {
                return (Status.TooLarge, null);
            }
        }

        if (length == 0)
        {
            return (Status.Empty, null);
        }

        return Parse(buffer.AsMemory(0, length));
    }

    /// <summary>Parses <paramref name="utf8"/> and checks its strings; the document only when the status is <see cref="Status.Ok"/>.</summary>
    public static (Status Status, JsonDocument? Document) Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            return (Status.Malformed, null);
        }

        if (!JsonText.IsReadable(document.RootElement, allowControlCharacters: false))
        {
            document.Dispose();
            return (Status.BadText, null);
        }

        return (Status.Ok, document);
    }

    /// <summary>
    /// Reads a body that must carry no fields: none at all, or an empty JSON object (some clients always send one).
    /// </summary>
    /// <returns>Null when the body is acceptable, else the error to answer.</returns>
    public static async ValueTask<(int StatusCode, string Message)?> ReadNoFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (status, document) = await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
        using (document)
        {
            return status switch
            {
                Status.Empty => null,
                Status.Ok when document!.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any() => null,
                Status.TooLarge => (StatusCodes.Status413PayloadTooLarge, TooLargeMessage),
                _ => (StatusCodes.Status400BadRequest, NoFieldsMessage),
            };
        }
    }
}
