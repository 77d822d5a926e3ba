namespace SnsTelegram.Sdk.Formatting;

/// <summary>Renders <see cref="TestMessage"/> (<c>test</c>): proves the chat is linked and shows the reader's time zone.</summary>
internal static class TestMessageFormatter
{
    public static TelegramMessage Format(MessageContext context, MessageTexts texts, DateTimeOffset now)
    {
        var writer = HtmlMessageWriter.Create();
        writer.Raw("🔔 ");
        writer.Bold(texts.TestTitle);
        writer.NewLine();
        writer.Raw(texts.TestBody);
        writer.NewLine();
        writer.Raw("🌐 ");
        writer.Raw(texts.TimeZone);
        writer.Raw(": ");
        writer.Text(context.TimeZone.Id);
        writer.NewLine();
        writer.Raw("🕒 ");
        writer.Time(now, context.TimeZone);
        return new TelegramMessage(TelegramHtml.FitToLimit(writer.ToStringAndReturn()));
    }
}
