using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SnsTelegram.Sdk.Linking;

/// <summary>Reads a small JSON request body with a size cap.</summary>
internal static class RequestBody
{
    /// <summary>The largest JSON body the account endpoints accept.</summary>
    public const int MaxBytes = 16 * 1024;

    public enum Status
    {
        Ok,
        Empty,
        TooLarge,
        Malformed,
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

        try
        {
            return (Status.Ok, JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 8 }));
        }
        catch (JsonException)
        {
            return (Status.Malformed, null);
        }
    }
}
