using System.Text;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>Shared inputs of the formatting tests.</summary>
internal static class FormattingTestData
{
    public static readonly DateTimeOffset Now = new(2026, 2, 26, 10, 30, 0, TimeSpan.Zero);

    public const string Hostile = "<script>&amp;\"";

    public static TelegramMessageFormatter Formatter() => new(new FakeTimeProvider(Now));

    public static MessageContext Context(string language, string zone = "Asia/Seoul", bool canRetry = false) =>
        new(language, TimeZoneInfo.FindSystemTimeZoneById(zone)) { CanRetry = canRetry };

    /// <summary>A 10,000-character post text whose pattern puts emoji sequences around every possible cut.</summary>
    public static string LongPreview()
    {
        var builder = new StringBuilder();
        var i = 0;
        while (builder.Length < 10_000)
        {
            builder.Append(i % 3 == 0 ? "봄 신상품 " : i % 3 == 1 ? "👨‍👩‍👧 family " : "🇰🇷 flag ");
            i++;
        }

        return builder.ToString(0, 10_000);
    }

    public static string LongError()
    {
        var builder = new StringBuilder("Graph API error 190: ");
        for (var i = 0; builder.Length < 10_000; i++)
        {
            builder.Append("at SocialClient.Publish(step ").Append(i).Append(") <inner & \"detail\">\n");
        }

        return builder.ToString(0, 10_000);
    }

    public static IReadOnlyList<SnsPlatform> TwentyPlatforms() =>
    [
        SnsPlatform.Instagram, SnsPlatform.Twitter, SnsPlatform.Facebook, SnsPlatform.TikTok, SnsPlatform.LinkedIn,
        SnsPlatform.YouTube, SnsPlatform.Threads, SnsPlatform.Pinterest,
        .. Enumerable.Range(1, 12).Select(i => SnsPlatform.Parse($"Network{i:00}")),
    ];

    /// <summary>How a message looks in a snapshot: settings, the exact text and the buttons.</summary>
    public static string Render(TelegramMessage message, MessageContext context)
    {
        var builder = new StringBuilder();
        builder.Append("language: ").Append(context.Language).Append('\n');
        builder.Append("time zone: ").Append(context.TimeZone.Id).Append('\n');
        builder.Append("parse mode: ").Append(message.ParseMode).Append('\n');
        builder.Append("link preview: ").Append(message.LinkPreview ? "on" : "off").Append('\n');
        builder.Append("silent: ").Append(message.Silent ? "yes" : "no").Append('\n');
        if (message.Photo is { } photo)
        {
            builder.Append("photo: ").Append(photo.Url ?? "file_id " + photo.FileId).Append(" (the text is its caption)\n");
        }

        builder.Append("length after parsing: ").Append(TelegramHtml.PlainLength(message.Text)).Append('\n');
        builder.Append("--- text ---\n").Append(message.Text).Append('\n');
        builder.Append("--- buttons ---\n");
        if (message.Buttons is null || message.Buttons.Count == 0)
        {
            builder.Append("(none)\n");
        }
        else
        {
            foreach (var row in message.Buttons)
            {
                builder.AppendJoin("  ", row.Select(b => b.Url is not null ? $"[{b.Text} -> url {b.Url}]" : $"[{b.Text} -> callback {b.CallbackData}]"));
                builder.Append('\n');
            }
        }

        return builder.ToString();
    }
}
