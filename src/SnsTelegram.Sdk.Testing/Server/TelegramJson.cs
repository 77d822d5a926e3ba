using System.Text.Json;
using SnsTelegram.Sdk.Testing.Recording;

namespace SnsTelegram.Sdk.Testing.Server;

/// <summary>Writes Bot API objects (User, Chat, Message, MessageEntity) in Telegram's snake_case JSON.</summary>
internal static class TelegramJson
{
    public static void WriteUser(Utf8JsonWriter w, EmulatedUser user)
    {
        w.WriteStartObject();
        w.WriteNumber("id", user.Id);
        w.WriteBoolean("is_bot", false);
        w.WriteString("first_name", user.FirstName);
        if (user.LastName is not null)
        {
            w.WriteString("last_name", user.LastName);
        }

        if (user.Username is not null)
        {
            w.WriteString("username", user.Username);
        }

        w.WriteString("language_code", user.LanguageCode);
        w.WriteEndObject();
    }

    public static void WriteBot(Utf8JsonWriter w, long botId, string firstName, string username, bool full)
    {
        w.WriteStartObject();
        w.WriteNumber("id", botId);
        w.WriteBoolean("is_bot", true);
        w.WriteString("first_name", firstName);
        w.WriteString("username", username);
        if (full)
        {
            w.WriteBoolean("can_join_groups", true);
            w.WriteBoolean("can_read_all_group_messages", false);
            w.WriteBoolean("supports_inline_queries", false);
            w.WriteBoolean("can_connect_to_business", false);
            w.WriteBoolean("has_main_web_app", false);
        }

        w.WriteEndObject();
    }

    public static void WriteChat(Utf8JsonWriter w, ChatState chat, bool full)
    {
        w.WriteStartObject();
        w.WriteNumber("id", chat.Id);
        switch (chat.Kind)
        {
            case ChatKind.Private:
                w.WriteString("type", "private");
                var user = chat.User!;
                w.WriteString("first_name", user.FirstName);
                if (user.LastName is not null)
                {
                    w.WriteString("last_name", user.LastName);
                }

                if (user.Username is not null)
                {
                    w.WriteString("username", user.Username);
                }

                break;
            case ChatKind.Group:
                w.WriteString("type", "group");
                w.WriteString("title", chat.Title);
                break;
            default:
                w.WriteString("type", "supergroup");
                w.WriteString("title", chat.Title);
                if (chat.IsForum)
                {
                    w.WriteBoolean("is_forum", true);
                }

                break;
        }

        if (full)
        {
            w.WriteNumber("accent_color_id", 0);
            w.WriteNumber("max_reaction_count", 11);
            w.WriteStartObject("accepted_gift_types");
            w.WriteBoolean("unlimited_gifts", false);
            w.WriteBoolean("limited_gifts", false);
            w.WriteBoolean("unique_gifts", false);
            w.WriteBoolean("premium_subscription", false);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public static void WriteEntities(Utf8JsonWriter w, IReadOnlyList<RecordedEntity> entities, string name = "entities", Func<long, string?>? userNames = null)
    {
        w.WriteStartArray(name);
        foreach (var e in entities)
        {
            w.WriteStartObject();
            w.WriteString("type", e.Type);
            w.WriteNumber("offset", e.Offset);
            w.WriteNumber("length", e.Length);
            if (e.Url is not null)
            {
                w.WriteString("url", e.Url);
            }

            if (e.Language is not null)
            {
                w.WriteString("language", e.Language);
            }

            if (e.CustomEmojiId is not null)
            {
                w.WriteString("custom_emoji_id", e.CustomEmojiId);
            }

            if (e.UserId is { } userId)
            {
                w.WriteStartObject("user");
                w.WriteNumber("id", userId);
                w.WriteBoolean("is_bot", false);
                w.WriteString("first_name", userNames?.Invoke(userId) ?? string.Empty);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteInlineKeyboard(Utf8JsonWriter w, IReadOnlyList<IReadOnlyList<RecordedButton>> keyboard)
    {
        w.WriteStartObject("reply_markup");
        w.WriteStartArray("inline_keyboard");
        foreach (var row in keyboard)
        {
            w.WriteStartArray();
            foreach (var button in row)
            {
                w.WriteStartObject();
                w.WriteString("text", button.Text);
                if (button.CallbackData is not null)
                {
                    w.WriteString("callback_data", button.CallbackData);
                }

                if (button.Url is not null)
                {
                    w.WriteString("url", button.Url);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
