using System.Text.Json;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// How a database provider keeps an outbox message's content and a link's set of muted types in text columns (JSON,
/// source-generated, no reflection). Every provider stores the same JSON, so a message reads the same whichever database
/// holds it, and a stored message can be compared with a new one by its text (the notifier does so for edits).
/// </summary>
public static class StoredJson
{
    /// <summary>The JSON of <paramref name="message"/>: text, parse mode, link preview (its link and place), silence, buttons, photo and reply keyboard.</summary>
    /// <param name="message">The rendered message.</param>
    /// <returns>The JSON text to store; <see cref="DeserializeMessage"/> reads it back.</returns>
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
            message.Photo is { } photo ? new StoredPhoto(photo.Url, photo.FileId) : null,
            message.RequestLocation,
            message.RemoveReplyKeyboard ? true : null,
            message.LinkPreviewUrl,
            message.LinkPreviewAboveText ? true : null);
        return JsonSerializer.Serialize(stored, StoredJsonContext.Default.StoredMessage);
    }

    /// <summary>The message stored as <paramref name="json"/> by <see cref="Serialize(TelegramMessage)"/>.</summary>
    /// <param name="json">The stored text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidDataException">The text is not a stored message.</exception>
    public static TelegramMessage DeserializeMessage(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
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
            LinkPreviewUrl = stored.LinkPreviewUrl,
            LinkPreviewAboveText = stored.LinkPreviewAboveText == true,
            Silent = stored.Silent,
            Buttons = buttons,
            RequestLocation = stored.RequestLocation,
            RemoveReplyKeyboard = stored.RemoveReplyKeyboard == true,
            Photo = stored.Photo switch
            {
                null => null,
                { Url: { } url } => TelegramPhoto.FromUrl(url),
                { FileId: { } fileId } => TelegramPhoto.FromFileId(fileId),
                _ => throw new InvalidDataException("A stored photo has neither a URL nor a file id."),
            },
        };
    }

    /// <summary>A set of strings as a JSON array in ordinal order, or null for an empty set (store NULL).</summary>
    /// <param name="set">The set, such as <see cref="ChatLink.MutedTypes"/>.</param>
    /// <returns>The JSON text, or null.</returns>
    public static string? Serialize(IReadOnlySet<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
        {
            return null;
        }

        var items = set.ToArray();
        Array.Sort(items, StringComparer.Ordinal);
        return JsonSerializer.Serialize(items, StoredJsonContext.Default.StringArray);
    }

    /// <summary>A forum's topic map (<see cref="ChatLink.ForumTopics"/>) as a JSON object in ordinal key order, or null for none (store NULL).</summary>
    /// <param name="topics">Notification type → <c>message_thread_id</c>, or null when the chat is not a forum.</param>
    /// <returns>The JSON text (<c>{}</c> for a forum without topics yet), or null.</returns>
    public static string? Serialize(IReadOnlyDictionary<string, int>? topics) =>
        topics is null ? null : JsonSerializer.Serialize(new SortedDictionary<string, int>(topics.ToDictionary(), StringComparer.Ordinal), StoredJsonContext.Default.SortedDictionaryStringInt32);

    /// <summary>The topic map stored by <see cref="Serialize(IReadOnlyDictionary{string, int})"/>; null stays null.</summary>
    /// <param name="json">The stored text, or null.</param>
    /// <returns>The map, or null when the chat is not a forum.</returns>
    public static IReadOnlyDictionary<string, int>? DeserializeTopics(string? json) =>
        json is null ? null : new Dictionary<string, int>(JsonSerializer.Deserialize(json, StoredJsonContext.Default.SortedDictionaryStringInt32) ?? [], StringComparer.Ordinal);

    /// <summary>The set stored by <see cref="Serialize(IReadOnlySet{string})"/>; null gives an empty set.</summary>
    /// <param name="json">The stored text, or null.</param>
    /// <returns>The set, with ordinal comparison.</returns>
    public static IReadOnlySet<string> DeserializeSet(string? json)
    {
        var items = json is null ? null : JsonSerializer.Deserialize(json, StoredJsonContext.Default.StringArray);
        return new HashSet<string>(items ?? [], StringComparer.Ordinal);
    }
}
