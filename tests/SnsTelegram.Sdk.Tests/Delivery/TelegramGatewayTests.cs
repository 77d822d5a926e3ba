using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class TelegramGatewayTests
{
    internal const string Token = "123456:TEST-abcdefghijklmnopqrstuvwxyz0123";

    [Fact]
    public async Task A_sent_message_carries_html_buttons_silence_and_no_preview()
    {
        string? body = null;
        var gateway = Gateway(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Ok("""{"message_id":77,"date":1700000000,"chat":{"id":42,"type":"private"}}""");
        });
        var message = new TelegramMessage("<b>hi</b>")
        {
            Silent = true,
            Buttons = [[TelegramButton.Link("View", "https://example.com/p/1"), TelegramButton.Callback("Retry", "retry:1")]],
        };

        var outcome = await gateway.SendAsync(42, message, false, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Sent);
        outcome.MessageId.ShouldBe(77);
        using var json = JsonDocument.Parse(body!);
        var root = json.RootElement;
        root.GetProperty("chat_id").GetInt64().ShouldBe(42);
        root.GetProperty("text").GetString().ShouldBe("<b>hi</b>");
        root.GetProperty("parse_mode").GetString().ShouldBe("HTML", StringCompareShould.IgnoreCase);
        root.GetProperty("disable_notification").GetBoolean().ShouldBeTrue();
        root.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean().ShouldBeTrue();
        var row = root.GetProperty("reply_markup").GetProperty("inline_keyboard")[0];
        row[0].GetProperty("url").GetString().ShouldBe("https://example.com/p/1");
        row[1].GetProperty("callback_data").GetString().ShouldBe("retry:1");
    }

    [Fact]
    public async Task A_message_with_a_preview_link_asks_for_that_preview_above_the_text()
    {
        string? body = null;
        var gateway = Gateway(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Ok("""{"message_id":78,"date":1700000000,"chat":{"id":42,"type":"private"}}""");
        });

        await gateway.SendAsync(42, new TelegramMessage("post") { LinkPreviewUrl = "https://example.com/p/1", LinkPreviewAboveText = true }, false, CancellationToken.None);

        using var json = JsonDocument.Parse(body!);
        var preview = json.RootElement.GetProperty("link_preview_options");
        preview.GetProperty("url").GetString().ShouldBe("https://example.com/p/1");
        preview.GetProperty("show_above_text").GetBoolean().ShouldBeTrue();
        (preview.TryGetProperty("is_disabled", out var disabled) && disabled.GetBoolean()).ShouldBeFalse();
    }

    [Fact]
    public async Task A_paid_broadcast_carries_allow_paid_broadcast_and_a_free_send_does_not()
    {
        var bodies = new List<string>();
        var gateway = Gateway(async request =>
        {
            bodies.Add(await request.Content!.ReadAsStringAsync());
            return Ok("""{"message_id":1,"date":1700000000,"chat":{"id":42,"type":"private"}}""");
        });

        await gateway.SendAsync(42, new TelegramMessage("paid"), true, CancellationToken.None);
        await gateway.SendAsync(42, new TelegramMessage("photo") { Photo = TelegramPhoto.FromUrl("https://example.com/p.jpg") }, true, CancellationToken.None);
        await gateway.SendAsync(42, new TelegramMessage("free"), false, CancellationToken.None);

        bodies.Count.ShouldBe(3);
        bodies.Take(2).ShouldAllBe(b => JsonDocument.Parse(b, default).RootElement.GetProperty("allow_paid_broadcast").GetBoolean());
        using var free = JsonDocument.Parse(bodies[2]);
        (free.RootElement.TryGetProperty("allow_paid_broadcast", out var flag) && flag.GetBoolean()).ShouldBeFalse();
    }

    [Theory]
    [InlineData(400, "Bad Request: BALANCE_TOO_LOW", true)]
    [InlineData(400, "Bad Request: not enough Stars to send paid broadcast", true)]
    [InlineData(400, "Bad Request: chat not found", false)]
    [InlineData(429, "Too Many Requests: retry after 1", false)]
    public void A_paid_broadcast_refused_for_want_of_stars_is_recognised(int code, string description, bool refused) =>
        TelegramGateway.IsPaidBroadcastRefused(TelegramGateway.Classify(code, description, null)).ShouldBe(refused);

    [Fact]
    public async Task A_plain_message_with_preview_sends_no_parse_mode_and_allows_the_preview()
    {
        string? body = null;
        var gateway = Gateway(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Ok("""{"message_id":1,"date":1700000000,"chat":{"id":42,"type":"private"}}""");
        });

        await gateway.SendAsync(42, new TelegramMessage("a < b") { ParseMode = TelegramParseMode.None, LinkPreview = true }, false, CancellationToken.None);

        using var json = JsonDocument.Parse(body!);
        json.RootElement.TryGetProperty("parse_mode", out _).ShouldBeFalse();
        json.RootElement.TryGetProperty("link_preview_options", out _).ShouldBeFalse();
        (json.RootElement.TryGetProperty("disable_notification", out var silent) && silent.GetBoolean()).ShouldBeFalse();
    }

    [Theory]
    [InlineData(429, "Too Many Requests: retry after 7", """{"retry_after":7}""", "RateLimited")]
    [InlineData(403, "Forbidden: bot was blocked by the user", null, "ChatUnavailable")]
    [InlineData(403, "Forbidden: bot was kicked from the group chat", null, "ChatUnavailable")]
    [InlineData(400, "Bad Request: chat not found", null, "ChatUnavailable")]
    [InlineData(400, "Bad Request: group chat was upgraded to a supergroup chat", """{"migrate_to_chat_id":-1001234}""", "Migrated")]
    [InlineData(400, "Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 0", null, "Rejected")]
    [InlineData(400, "Bad Request: message is too long", null, "Rejected")]
    [InlineData(400, "Bad Request: wrong parameter action in request", null, "Rejected")]
    [InlineData(500, "Internal Server Error", null, "Transient")]
    [InlineData(502, "Bad Gateway", null, "Transient")]
    [InlineData(401, "Unauthorized", null, "Transient")]
    public async Task Bot_api_errors_are_classified(int code, string description, string? parameters, string expected)
    {
        var gateway = Gateway(_ => Task.FromResult(Error(code, description, parameters)));

        var outcome = await gateway.SendAsync(42, new TelegramMessage("x"), false, CancellationToken.None);

        outcome.Kind.ToString().ShouldBe(expected);
        outcome.ErrorCode.ShouldBe(code);
        outcome.Error.ShouldNotBeNull().ShouldContain(description.Split(':')[0]);
    }

    [Fact]
    public async Task Rate_limit_migration_and_block_details_are_read()
    {
        (await Gateway(_ => Task.FromResult(Error(429, "Too Many Requests: retry after 7", """{"retry_after":7}""")))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        (await Gateway(_ => Task.FromResult(Error(400, "Bad Request: group chat was upgraded to a supergroup chat", """{"migrate_to_chat_id":-1001234}""")))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).MigrateToChatId.ShouldBe(-1001234);
        (await Gateway(_ => Task.FromResult(Error(403, "Forbidden: user is deactivated", null)))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).DisabledReason.ShouldBe(ChatLinkDisabledReasons.UserDeactivated);
        (await Gateway(_ => Task.FromResult(Error(403, "Forbidden: bot was blocked by the user", null)))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
        (await Gateway(_ => Task.FromResult(Error(400, "Bad Request: chat not found", null)))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).DisabledReason.ShouldBe(ChatLinkDisabledReasons.ChatNotFound);
        (await Gateway(_ => Task.FromResult(Error(400, "Bad Request: can't parse entities: bad", null)))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).IsFormatterBug.ShouldBeTrue();
        (await Gateway(_ => Task.FromResult(Error(400, "Bad Request: wrong parameter", null)))
            .SendAsync(1, new TelegramMessage("x"), false, CancellationToken.None)).IsFormatterBug.ShouldBeFalse();
    }

    [Fact]
    public async Task An_edit_calls_editMessageText_with_the_message_id_text_and_buttons()
    {
        string? body = null;
        string? path = null;
        var gateway = Gateway(async request =>
        {
            path = request.RequestUri!.AbsolutePath;
            body = await request.Content!.ReadAsStringAsync();
            return Ok("""{"message_id":77,"date":1700000000,"edit_date":1700000100,"chat":{"id":42,"type":"private"},"text":"hi"}""");
        });
        var message = new TelegramMessage("<b>Likes: 20</b>") { Buttons = [[TelegramButton.Link("View", "https://example.com/p/1")]] };

        var outcome = await gateway.EditAsync(42, 77, message, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Sent);
        outcome.MessageId.ShouldBe(77);
        path.ShouldNotBeNull().ShouldEndWith("/editMessageText");
        using var json = JsonDocument.Parse(body!);
        var root = json.RootElement;
        root.GetProperty("chat_id").GetInt64().ShouldBe(42);
        root.GetProperty("message_id").GetInt64().ShouldBe(77);
        root.GetProperty("text").GetString().ShouldBe("<b>Likes: 20</b>");
        root.GetProperty("parse_mode").GetString().ShouldBe("HTML", StringCompareShould.IgnoreCase);
        root.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][0].GetProperty("url").GetString().ShouldBe("https://example.com/p/1");
    }

    [Theory]
    [InlineData(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message", null, "Sent", false)]
    [InlineData(400, "Bad Request: message to edit not found", null, "Rejected", true)]
    [InlineData(400, "Bad Request: message can't be edited", null, "Rejected", true)]
    [InlineData(400, "Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 0", null, "Rejected", false)]
    [InlineData(429, "Too Many Requests: retry after 3", """{"retry_after":3}""", "RateLimited", false)]
    [InlineData(403, "Forbidden: bot was blocked by the user", null, "ChatUnavailable", false)]
    [InlineData(400, "Bad Request: group chat was upgraded to a supergroup chat", """{"migrate_to_chat_id":-1001234}""", "Migrated", false)]
    [InlineData(502, "Bad Gateway", null, "Transient", false)]
    public async Task Bot_api_errors_of_an_edit_are_classified(int code, string description, string? parameters, string expected, bool impossible)
    {
        var gateway = Gateway(_ => Task.FromResult(Error(code, description, parameters)));

        var outcome = await gateway.EditAsync(42, 9, new TelegramMessage("x"), CancellationToken.None);

        outcome.Kind.ToString().ShouldBe(expected);
        outcome.EditImpossible.ShouldBe(impossible);
        if (outcome.Kind == SendOutcomeKind.Sent)
        {
            outcome.MessageId.ShouldBe(9, "an unmodified message is the edited one");
        }
    }

    [Fact]
    public async Task A_message_with_a_photo_goes_out_with_sendPhoto_and_the_text_as_caption()
    {
        var calls = new List<(string Path, string Body)>();
        var gateway = Gateway(async request =>
        {
            calls.Add((request.RequestUri!.AbsolutePath, await request.Content!.ReadAsStringAsync()));
            return Ok("""{"message_id":78,"date":1700000000,"chat":{"id":42,"type":"private"},"photo":[{"file_id":"f","file_unique_id":"u","width":90,"height":90}]}""");
        });
        var message = new TelegramMessage("<b>Published</b>")
        {
            Photo = TelegramPhoto.FromUrl("https://cdn.example.com/p/1.png"),
            Silent = true,
            Buttons = [[TelegramButton.Link("View", "https://example.com/p/1")]],
        };

        var outcome = await gateway.SendAsync(42, message, false, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Sent);
        outcome.MessageId.ShouldBe(78);
        var (path, body) = calls.ShouldHaveSingleItem();
        path.ShouldEndWith("/sendPhoto");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        root.GetProperty("photo").GetString().ShouldBe("https://cdn.example.com/p/1.png");
        root.GetProperty("caption").GetString().ShouldBe("<b>Published</b>");
        root.GetProperty("parse_mode").GetString().ShouldBe("HTML", StringCompareShould.IgnoreCase);
        root.GetProperty("disable_notification").GetBoolean().ShouldBeTrue();
        root.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][0].GetProperty("url").GetString().ShouldBe("https://example.com/p/1");

        calls.Clear();
        await gateway.SendAsync(42, message with { Photo = TelegramPhoto.FromFileId("AgACAgQAAxk") }, false, CancellationToken.None);
        using var byId = JsonDocument.Parse(calls.ShouldHaveSingleItem().Body);
        byId.RootElement.GetProperty("photo").GetString().ShouldBe("AgACAgQAAxk");
    }

    [Theory]
    [InlineData("Bad Request: wrong file identifier/HTTP URL specified")]
    [InlineData("Bad Request: failed to get HTTP URL content")]
    [InlineData("Bad Request: wrong type of the web page content")]
    [InlineData("Bad Request: IMAGE_PROCESS_FAILED")]
    [InlineData("Bad Request: PHOTO_INVALID_DIMENSIONS")]
    public async Task A_picture_Telegram_cannot_use_falls_back_to_the_text_alone(string description)
    {
        var paths = new List<string>();
        string? textBody = null;
        var gateway = Gateway(async request =>
        {
            paths.Add(request.RequestUri!.AbsolutePath);
            if (paths.Count == 1)
            {
                return Error(400, description, null);
            }

            textBody = await request.Content!.ReadAsStringAsync();
            return Ok("""{"message_id":79,"date":1700000000,"chat":{"id":42,"type":"private"},"text":"x"}""");
        });

        var outcome = await gateway.SendAsync(42, new TelegramMessage("<b>Published</b>") { Photo = TelegramPhoto.FromUrl("https://cdn.example.com/x.png") }, false, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Sent);
        outcome.MessageId.ShouldBe(79);
        paths.Count.ShouldBe(2);
        paths[0].ShouldEndWith("/sendPhoto");
        paths[1].ShouldEndWith("/sendMessage");
        using var json = JsonDocument.Parse(textBody!);
        json.RootElement.GetProperty("text").GetString().ShouldBe("<b>Published</b>");
    }

    [Theory]
    [InlineData(400, "Bad Request: message caption is too long", "Rejected")]
    [InlineData(403, "Forbidden: bot was blocked by the user", "ChatUnavailable")]
    [InlineData(500, "Internal Server Error", "Transient")]
    public async Task Other_answers_to_a_photo_do_not_fall_back(int code, string description, string expected)
    {
        var calls = 0;
        var gateway = Gateway(_ =>
        {
            calls++;
            return Task.FromResult(Error(code, description, null));
        });

        var outcome = await gateway.SendAsync(42, new TelegramMessage("x") { Photo = TelegramPhoto.FromUrl("https://cdn.example.com/x.png") }, false, CancellationToken.None);

        outcome.Kind.ToString().ShouldBe(expected);
        calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_photo_edit_changes_the_caption_or_the_text_when_the_message_went_out_without_its_picture()
    {
        var paths = new List<string>();
        var gateway = Gateway(request =>
        {
            paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(paths.Count == 1
                ? Error(400, "Bad Request: there is no caption in the message to edit", null)
                : Ok("""{"message_id":77,"date":1700000000,"chat":{"id":42,"type":"private"},"text":"x"}"""));
        });

        var outcome = await gateway.EditAsync(42, 77, new TelegramMessage("Likes: 2") { Photo = TelegramPhoto.FromUrl("https://cdn.example.com/x.png") }, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Sent);
        paths.Count.ShouldBe(2);
        paths[0].ShouldEndWith("/editMessageCaption");
        paths[1].ShouldEndWith("/editMessageText");
    }

    [Fact]
    public async Task A_proxy_error_page_is_transient()
    {
        var gateway = Gateway(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>502 Bad Gateway</html>", Encoding.UTF8, "text/html"),
        }));

        (await gateway.SendAsync(42, new TelegramMessage("x"), false, CancellationToken.None)).Kind.ShouldBe(SendOutcomeKind.Transient);
    }

    [Fact]
    public async Task A_dropped_connection_is_transient_and_its_error_never_carries_the_token()
    {
        var gateway = Gateway(request => throw new HttpRequestException($"Connection reset while calling {request.RequestUri}", new IOException("reset")));

        var outcome = await gateway.SendAsync(42, new TelegramMessage("x"), false, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Transient);
        outcome.Error.ShouldNotBeNull().ShouldNotContain(Token);
        outcome.Error.ShouldNotContain("TEST-abcdefghijklmnopqrstuvwxyz0123");
        outcome.Error.ShouldContain(TokenRedactor.Mask);
        outcome.Unanswered.ShouldBeTrue("the request went out: Telegram may have the message");
    }

    [Fact]
    public async Task A_connection_that_could_not_be_opened_is_transient_and_not_unanswered()
    {
        var gateway = Gateway(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new IOException("refused")));

        var outcome = await gateway.SendAsync(42, new TelegramMessage("x"), false, CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.Transient);
        outcome.Unanswered.ShouldBeFalse("nothing reached Telegram");
    }

    [Fact]
    public async Task A_hanging_call_times_out_as_transient_after_the_request_timeout()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateway = Gateway(
            async (request, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            },
            time,
            o => o.Delivery.RequestTimeout = TimeSpan.FromSeconds(10));

        var send = gateway.SendAsync(42, new TelegramMessage("x"), false, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(11));

        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(30));
        outcome.Kind.ShouldBe(SendOutcomeKind.Transient);
        outcome.Error.ShouldNotBeNull().ShouldContain("timed out");
        outcome.Unanswered.ShouldBeTrue();
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        var gateway = Gateway(async request =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5), cts.Token);
            throw new InvalidOperationException("unreachable");
        });

        await Should.ThrowAsync<OperationCanceledException>(() => gateway.SendAsync(42, new TelegramMessage("x"), false, cts.Token));
    }

    internal static TelegramGateway Gateway(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) => Gateway((r, _) => answer(r));

    internal static TelegramGateway Gateway(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer,
        TimeProvider? time = null,
        Action<SnsTelegramOptions>? configure = null)
    {
        var options = new SnsTelegramOptions { BotToken = Token };
        configure?.Invoke(options);
        var services = new ServiceCollection()
            .AddSingleton<ITelegramBotClient>(new TelegramBotClient(
                new TelegramBotClientOptions(Token, "http://127.0.0.1:9") { RetryCount = 0 },
                new HttpClient(new FuncHandler(answer))))
            .BuildServiceProvider();
        return new TelegramGateway(new TelegramBotClientFactory(services), Options.Create(options), time ?? TimeProvider.System, NullLogger<TelegramGateway>.Instance);
    }

    private static HttpResponseMessage Ok(string result) =>
        new(HttpStatusCode.OK) { Content = new StringContent($$"""{"ok":true,"result":{{result}}}""", Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(int code, string description, string? parameters)
    {
        var extra = parameters is null ? string.Empty : $",\"parameters\":{parameters}";
        var json = $"{{\"ok\":false,\"error_code\":{code},\"description\":{JsonSerializer.Serialize(description)}{extra}}}";
        return new HttpResponseMessage((HttpStatusCode)code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    private sealed class FuncHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);
    }
}
