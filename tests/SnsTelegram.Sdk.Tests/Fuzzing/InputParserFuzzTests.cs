using System.Text;
using System.Text.Json;
using CsCheck;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Formatting;

namespace SnsTelegram.Sdk.Tests.Fuzzing;

/// <summary>
/// Bounded fuzzing (CsCheck, a few seconds each; <see cref="FuzzBudget.Variable"/> for longer) of what reads outside
/// input: the request body reader, the settings parser and the original system's notification payloads. Nothing but the
/// documented refusal may come out, and what is accepted must be valid.
/// </summary>
public sealed class InputParserFuzzTests
{
    private static readonly string[] SettingNames = ["language", "time_zone", "daily_report_time", "muted_types", "quiet_hours", "start", "end", "code", "chat_id"];

    private static readonly string[] PayloadNames =
    [
        "platform", "preview", "content", "post_url", "likes", "comments", "shares", "views", "published_at", "post_id", "image_url", "error", "error_message",
        "failed_at", "rule_name", "platforms", "executed_at", "status", "detail", "date", "total_posts", "success_count", "succeeded", "failed_count", "failed",
        "total_engagement", "idempotency_key",
    ];

    private static readonly ChatLink Link = new() { UserId = "fuzz", ChatId = 1, ChatType = TelegramChatType.Private, LinkedAt = FormattingTestData.Now };

    [Fact]
    public void The_body_reader_and_the_settings_parser_never_throw_and_accept_only_valid_settings()
    {
        var bodies = Gen.Frequency(
            (3, FuzzGen.JsonObject(SettingNames, 2).Select(Encoding.UTF8.GetBytes)),
            (3, FuzzGen.Mutated(FuzzGen.JsonObject(SettingNames, 2))),
            (1, FuzzGen.Mutated(Gen.OneOf("{\"language\":\"ko\",\"quiet_hours\":{\"start\":\"23:00\",\"end\":\"07:00\"}}", "{\"muted_types\":[\"post_success\"]}"))),
            (1, Gen.Byte.Array[0, 64]));

        bodies.Sample(
            body =>
            {
                var (status, document) = RequestBody.Parse(body);
                using (document)
                {
                    if (status != RequestBody.Status.Ok)
                    {
                        document.ShouldBeNull();
                        return;
                    }

                    if (SettingsPatch.TryApply(document!.RootElement, Link, out var updated, out var error))
                    {
                        error.ShouldBeEmpty();
                        (updated.Language is null || SnsLanguages.IsSupported(updated.Language)).ShouldBeTrue();
                        (updated.TimeZone is null || TimeZoneInfo.TryFindSystemTimeZoneById(updated.TimeZone, out _)).ShouldBeTrue();
                        updated.MutedTypes.ShouldAllBe(t => SettingsPatch.MutableTypes.Contains(t));
                        (updated.QuietHours is not { } q || q.Start != q.End).ShouldBeTrue();
                    }
                    else
                    {
                        error.ShouldNotBeNullOrWhiteSpace();
                        updated.ShouldBe(Link);
                    }
                }
            },
            time: FuzzBudget.Seconds(6),
            threads: 1,
            print: body => Convert.ToHexString(body));
    }

    [Fact]
    public void A_body_the_reader_accepts_has_only_readable_text()
    {
        FuzzGen.Mutated(FuzzGen.JsonValue(SettingNames, 3)).Sample(
            body =>
            {
                var (status, document) = RequestBody.Parse(body);
                using (document)
                {
                    if (status == RequestBody.Status.Ok)
                    {
                        // everything a handler may read can be read: no exception, no control character but tab and line breaks
                        Visit(document!.RootElement);
                    }
                }
            },
            time: FuzzBudget.Seconds(4),
            threads: 1,
            print: body => Convert.ToHexString(body));

        static void Visit(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    element.GetString()!.ShouldAllBe(c => !char.IsControl(c) || c == '\t' || c == '\n' || c == '\r');
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        property.Name.ShouldNotBeNull();
                        Visit(property.Value);
                    }

                    break;
            }
        }
    }

    [Fact]
    public void Legacy_payloads_build_a_notification_or_throw_ArgumentException_and_what_is_built_renders_valid_html()
    {
        var formatter = FormattingTestData.Formatter();
        var types = Gen.Frequency((8, Gen.OneOf([.. NotificationTypes.All])), (1, FuzzGen.Text));
        var payloads = Gen.Frequency(
            (4, FuzzGen.JsonObject(PayloadNames, 2)),
            (1, FuzzGen.JsonValue(PayloadNames, 1)));

        Gen.Select(types, payloads, Gen.Bool).Sample(
            (type, payload, korean) =>
            {
                using var document = JsonDocument.Parse(payload);
                SnsNotification notification;
                try
                {
                    notification = SnsNotificationFactory.Create(type, "fuzz-user", document.RootElement);
                }
                catch (ArgumentException e)
                {
                    e.Message.ShouldNotBeNullOrWhiteSpace();
                    return;
                }

                var message = formatter.Format(notification, FormattingTestData.Context(korean ? "ko" : "en", "Asia/Kolkata"));
                TelegramHtmlValidator.ShouldBeValid(message);
                TelegramHtml.PlainLength(message.Text).ShouldBeLessThanOrEqualTo(message.Photo is null ? TelegramHtml.MaxMessageLength : TelegramHtml.MaxCaptionLength);
            },
            time: FuzzBudget.Seconds(8),
            threads: 1);
    }
}
