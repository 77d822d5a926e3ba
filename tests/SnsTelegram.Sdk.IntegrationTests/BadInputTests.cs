using System.Net;
using System.Text;
using System.Text.Json;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>
/// Bad HTTP input on the account endpoints always gets a clear 4xx with the error envelope: unreadable strings, user ids
/// that break the rule, unexpected bodies; and a bot token that Telegram refuses is reported as such, not as an outage.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>JSON bodies whose one string cannot be read as text: {"FIELD": &lt;bad string&gt;}.</summary>
    public static TheoryData<string, string> UnreadableStrings()
    {
        var data = new TheoryData<string, string>();
        foreach (var (endpoint, field) in new[] { ("verify-link", "code"), ("settings", "language") })
        {
            foreach (var kind in new[] { "invalid_utf8", "overlong_utf8", "truncated_utf8", "encoded_surrogate", "lone_high_escape", "lone_low_escape", "reversed_pair_escape", "nul_escape", "bell_escape", "invalid_utf8_name" })
            {
                data.Add(endpoint, field + ":" + kind);
            }
        }

        return data;
    }

    private static byte[] Body(string spec)
    {
        var (field, kind) = (spec.Split(':')[0], spec.Split(':')[1]);
        byte[] Str(params byte[] inner) => [.. Encoding.ASCII.GetBytes("{\"" + field + "\":\""), .. inner, .. Encoding.ASCII.GetBytes("\"}")];
        byte[] Escaped(string escape) => Encoding.ASCII.GetBytes("{\"" + field + "\":\"" + escape + "\"}");
        return kind switch
        {
            "invalid_utf8" => Str(0xFF, 0xFE, 0x41),
            "overlong_utf8" => Str(0xC0, 0xAF),
            "truncated_utf8" => Str(0x41, 0xE2, 0x82),
            "encoded_surrogate" => Str(0xED, 0xA0, 0x80),
            "lone_high_escape" => Escaped("\\ud800"),
            "lone_low_escape" => Escaped("ab\\udfff"),
            "reversed_pair_escape" => Escaped("\\udc00\\ud800"),
            "nul_escape" => Escaped("en\\u0000"),
            "bell_escape" => Escaped("\\u0007"),
            "invalid_utf8_name" => [.. Encoding.ASCII.GetBytes("{\""), 0xFF, .. Encoding.ASCII.GetBytes("\":\"en\"}")],
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
    }

    private static void ShouldBeError(JsonElement body, string? mention = null)
    {
        body.ValueKind.ShouldBe(JsonValueKind.Object);
        body.GetProperty("status").GetString().ShouldBe("error");
        var message = body.GetProperty("message").GetString()!;
        message.ShouldNotBeNullOrWhiteSpace();
        message.ShouldNotContain("Exception");
        if (mention is not null)
        {
            message.ShouldContain(mention);
        }
    }

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public async Task A_string_that_is_not_valid_text_gets_400_and_changes_nothing(string endpoint, string spec)
    {
        var userId = "text-" + endpoint;
        await _app.LinkAsync(userId, _app.CreateUser());
        var before = (await _app.GetAsync("status", userId)).Body.GetRawText();
        var method = endpoint == "settings" ? HttpMethod.Patch : HttpMethod.Post;

        var (status, body) = await _app.SendBytesAsync(method, endpoint, userId, Body(spec));

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(body, "UTF-8");
        (await _app.GetAsync("status", userId)).Body.GetRawText().ShouldBe(before);
    }

    [Fact]
    public async Task Tabs_and_line_breaks_in_strings_are_text_like_any_other()
    {
        var (status, body) = await _app.SendBytesAsync(HttpMethod.Post, "verify-link", "tabs", Encoding.ASCII.GetBytes("{\"code\":\"ABCD\\tEFGH\\n\"}"));

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(body, "not valid");
    }

    [Theory]
    [InlineData("GET", "link-account")]
    [InlineData("GET", "status")]
    [InlineData("POST", "verify-link")]
    [InlineData("POST", "send-test-message")]
    [InlineData("POST", "unlink-account")]
    [InlineData("PATCH", "settings")]
    public async Task An_empty_or_whitespace_user_id_is_not_signed_in(string method, string path)
    {
        foreach (var sub in new[] { string.Empty, " ", "\t \u3000" })
        {
            var (status, body) = await _app.SendAsync(new HttpMethod(method), path, sub, body: new { code = "ABCDEFGH" });

            status.ShouldBe(HttpStatusCode.Unauthorized);
            ShouldBeError(body);
        }
    }

    [Theory]
    [InlineData("GET", "link-account")]
    [InlineData("GET", "status")]
    [InlineData("POST", "verify-link")]
    [InlineData("POST", "send-test-message")]
    [InlineData("POST", "unlink-account")]
    [InlineData("PATCH", "settings")]
    public async Task A_user_id_over_the_limit_or_with_control_characters_gets_400_naming_the_rule(string method, string path)
    {
        var tooLong = await _app.SendAsync(new HttpMethod(method), path, new string('u', 128 + 1), body: new { code = "ABCDEFGH" });
        tooLong.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(tooLong.Body, "at most 128 characters");

        var control = await _app.SendAsync(new HttpMethod(method), path, "alice\u0000admin", body: new { code = "ABCDEFGH" });
        control.Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(control.Body, "control characters");
    }

    [Fact]
    public async Task A_user_id_at_the_limit_is_accepted()
    {
        var (status, _) = await _app.GetAsync("link-account", new string('u', 128));

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unlink_refuses_a_body_naming_another_user_and_keeps_both_links()
    {
        await _app.LinkAsync("victim", _app.CreateUser());
        await _app.LinkAsync("attacker", _app.CreateUser());

        var (status, body) = await _app.PostAsync("unlink-account", "attacker", new { user_id = "victim" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(body, "no request body");
        (await _app.GetAsync("status", "victim")).Body.GetProperty("linked").GetBoolean().ShouldBeTrue();
        (await _app.GetAsync("status", "attacker")).Body.GetProperty("linked").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("GET", "link-account", "{\"user_id\":\"victim\"}")]
    [InlineData("GET", "status", "{\"user_id\":\"victim\"}")]
    [InlineData("POST", "send-test-message", "{\"chat_id\":\"7910169750\"}")]
    [InlineData("POST", "unlink-account", "[]")]
    [InlineData("POST", "unlink-account", "\"victim\"")]
    [InlineData("POST", "unlink-account", "not json")]
    public async Task Every_endpoint_without_fields_refuses_a_body_with_any(string method, string path, string rawBody)
    {
        await _app.LinkAsync("body-user", _app.CreateUser());

        var (status, body) = await _app.SendAsync(new HttpMethod(method), path, "body-user", rawBody: rawBody);

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeError(body, "no request body");
        (await _app.GetAsync("status", "body-user")).Body.GetProperty("linked").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Endpoints_without_fields_take_no_body_or_an_empty_object()
    {
        await _app.LinkAsync("empty-body", _app.CreateUser());

        (await _app.SendAsync(HttpMethod.Get, "status", "empty-body", rawBody: "{}")).Status.ShouldBe(HttpStatusCode.OK);
        (await _app.SendAsync(HttpMethod.Post, "unlink-account", "empty-body", rawBody: " { } ")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Send_test_message_reports_a_bot_token_that_telegram_refuses_without_showing_it()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("revoked", user);
        await _app.NextMessageAsync(user.ChatId);

        _app.Emulator.Faults.FailNext(1, 401, "sendMessage");
        var (status, body) = await _app.PostAsync("send-test-message", "revoked");

        status.ShouldBe(HttpStatusCode.InternalServerError);
        ShouldBeError(body, "rejected this server's bot token");
        body.GetRawText().ShouldNotContain(_app.Emulator.BotToken);
        body.GetRawText().ShouldNotContain(_app.Emulator.BotToken.Split(':')[1]);
    }
}
