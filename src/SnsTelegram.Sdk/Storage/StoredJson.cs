using System.Text.Json;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// How database providers keep messages and sets in text columns (source-generated System.Text.Json, no reflection).
/// Every provider stores the same JSON, so a message reads the same whichever database holds it.
/// </summary>
internal static class StoredJson
{
    public static string Serialize(TelegramMessage message)
    {
        StoredButton[][]? rows = null;
        if (message.Buttons is { } buttons)
        {
            rows = new StoredButton[buttons.Count][];
            for (var r = 0; r < buttons.Count; r++)
            {
                var row = buttons[r];
                rows[r] = new StoredButton[row.Count];
                for (var b = 0; b < row.Count; b++)
                {
                    rows[r][b] = new StoredButton(row[b].Text, row[b].Url, row[b].CallbackData);
                }
            }
        }

        var stored = new StoredMessage(
            message.Text,
            message.ParseMode == TelegramParseMode.Html ? "html" : "none",
            message.LinkPreview,
            message.Silent,
            rows,
            message.Photo is { } photo ? new StoredPhoto(photo.Url, photo.FileId) : null);
        return JsonSerializer.Serialize(stored, StoredJsonContext.Default.StoredMessage);
    }

    public static TelegramMessage DeserializeMessage(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StoredJsonContext.Default.StoredMessage)
            ?? throw new InvalidDataException("A stored outbox message is empty.");
        IReadOnlyList<IReadOnlyList<TelegramButton>>? buttons = null;
        if (stored.Buttons is { } rows)
        {
            var list = new IReadOnlyList<TelegramButton>[rows.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                list[r] = Array.ConvertAll(rows[r], static b => b.Url is not null
                    ? TelegramButton.Link(b.Text, b.Url)
                    : TelegramButton.Callback(b.Text, b.CallbackData ?? throw new InvalidDataException("A stored button has neither a URL nor callback data.")));
            }

            buttons = list;
        }

        return new TelegramMessage(stored.Text)
        {
            ParseMode = stored.ParseMode == "none" ? TelegramParseMode.None : TelegramParseMode.Html,
            LinkPreview = stored.LinkPreview,
            Silent = stored.Silent,
            Buttons = buttons,
            Photo = stored.Photo switch
            {
                null => null,
                { Url: { } url } => TelegramPhoto.FromUrl(url),
                { FileId: { } fileId } => TelegramPhoto.FromFileId(fileId),
                _ => throw new InvalidDataException("A stored photo has neither a URL nor a file id."),
            },
        };
    }

    public static string? Serialize(IReadOnlySet<string> set)
    {
        if (set.Count == 0)
        {
            return null;
        }

        var items = set.ToArray();
        Array.Sort(items, StringComparer.Ordinal);
        return JsonSerializer.Serialize(items, StoredJsonContext.Default.StringArray);
    }

    public static IReadOnlySet<string> DeserializeSet(string? json)
    {
        var items = json is null ? null : JsonSerializer.Deserialize(json, StoredJsonContext.Default.StringArray);
        return new HashSet<string>(items ?? [], StringComparer.Ordinal);
    }
}
