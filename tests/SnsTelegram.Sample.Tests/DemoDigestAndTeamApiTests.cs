using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sample.Web.Demo;
using SnsTelegram.Sdk;

namespace SnsTelegram.Sample.Tests;

/// <summary>
/// The offline demo's endpoints for digests (<c>/demo/digest</c>, <c>/demo/digest/close-now</c>) and for the team group
/// (<c>/demo/team</c>, <c>/demo/team/add-bot</c>), over HTTP against the running sample, its emulator and SQLite file.
/// </summary>
public sealed class DemoDigestAndTeamApiTests(DemoDigestAndTeamApiTests.DemoApp demo) : IClassFixture<DemoDigestAndTeamApiTests.DemoApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("GET", "/demo/digest")]
    [InlineData("POST", "/demo/digest/close-now")]
    [InlineData("GET", "/demo/team")]
    [InlineData("POST", "/demo/team/add-bot")]
    public async Task The_endpoints_need_a_signed_in_user(string method, string path)
    {
        using var client = demo.Client();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json(new { }) : null });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_digest_collects_notifications_and_close_now_delivers_them_as_one_message()
    {
        using var dora = await demo.SignedInAsync("dora");
        var chatId = await demo.LinkPrivateChatAsync(dora, "dora");
        (await dora.PatchAsync("/api/telegram/settings", Json(new { digest_minutes = 15 }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(await dora.PostAsync("/demo/digest/close-now", Json(new { })))).GetProperty("closed").GetInt32().ShouldBe(0);
        var before = demo.Emulator.GetMessages(chatId).Count;

        var notifier = demo.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        (await notifier.NotifyAsync(new PostPublished("dora", SnsPlatform.Instagram, "Spring sale", "https://example.com/p/1") { PostId = "d1" })).Status.ShouldBe(NotifyStatus.Digested);
        (await notifier.NotifyAsync(new PostPublished("dora", SnsPlatform.Twitter, "Summer sale", "https://example.com/p/2") { PostId = "d2" })).Status.ShouldBe(NotifyStatus.Digested);

        var window = (await JsonAsync(await dora.GetAsync("/demo/digest"))).GetProperty("windows").EnumerateArray().ShouldHaveSingleItem();
        window.GetProperty("events").GetInt32().ShouldBe(2);
        window.GetProperty("held").GetBoolean().ShouldBeFalse();
        (window.GetProperty("closes_at").GetDateTimeOffset() - window.GetProperty("opened_at").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(15));
        window.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldBe(["Spring sale", "Summer sale"]);
        window.GetProperty("items")[0].GetProperty("type").GetString().ShouldBe("post_success");

        var closed = await JsonAsync(await dora.PostAsync("/demo/digest/close-now", Json(new { })));
        closed.GetProperty("closed").GetInt32().ShouldBe(1);
        var digest = await demo.Emulator.WaitForMessageAsync(chatId, m => m.Text.Contains("SNS digest", StringComparison.Ordinal), Wait);
        digest.Text.ShouldContain("Spring sale");
        digest.Text.ShouldContain("Summer sale");
        demo.Emulator.GetMessages(chatId).Count.ShouldBe(before + 1, "one message for both posts");
        (await JsonAsync(await dora.GetAsync("/demo/digest"))).GetProperty("windows").GetArrayLength().ShouldBe(0);
        (await JsonAsync(await dora.PostAsync("/demo/digest/close-now", Json(new { })))).GetProperty("closed").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Held_messages_show_when_the_quiet_hours_end_and_arrive_folded_once_they_are_ended()
    {
        using var hana = await demo.SignedInAsync("hana");
        var chatId = await demo.LinkPrivateChatAsync(hana, "hana");
        var now = TimeProvider.System.GetUtcNow();
        var start = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture);
        var end = now.AddHours(2).ToString("HH:mm", CultureInfo.InvariantCulture);
        var quiet = new { start, end, mode = "hold", urgent_bypass = false };
        (await hana.PatchAsync("/api/telegram/settings", Json(new { time_zone = "UTC", quiet_hours = quiet }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var notifier = demo.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        (await notifier.NotifyAsync(new PostPublished("hana", SnsPlatform.Instagram, "Night post", null) { PostId = "h1" })).Status.ShouldBe(NotifyStatus.Digested);
        (await notifier.NotifyAsync(new PostFailed("hana", SnsPlatform.Facebook, "Late post", "token expired"))).Status.ShouldBe(NotifyStatus.Digested);

        var window = (await JsonAsync(await hana.GetAsync("/demo/digest"))).GetProperty("windows").EnumerateArray().ShouldHaveSingleItem();
        window.GetProperty("held").GetBoolean().ShouldBeTrue();
        window.GetProperty("events").GetInt32().ShouldBe(2);
        window.GetProperty("closes_at").GetDateTimeOffset().ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture).ShouldBe(end);
        window.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("failed").GetBoolean()).ShouldBe(1);

        // the user ends the quiet hours (PATCH settings without them) and closes the held window
        (await hana.PatchAsync("/api/telegram/settings", Json(new { quiet_hours = (object?)null }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(await hana.PostAsync("/demo/digest/close-now", Json(new { })))).GetProperty("closed").GetInt32().ShouldBe(1);
        var digest = await demo.Emulator.WaitForMessageAsync(chatId, m => m.Text.Contains("quiet hours", StringComparison.OrdinalIgnoreCase), Wait);
        digest.Text.ShouldContain("Night post");
        digest.DisableNotification.ShouldBeFalse();
    }

    [Fact]
    public async Task Two_accounts_link_the_team_forum_with_the_startgroup_flow_and_their_notifications_arrive_in_topics()
    {
        using var tara = await demo.SignedInAsync("tara");
        using var theo = await demo.SignedInAsync("theo");
        using var nora = await demo.SignedInAsync("nora");
        var team = demo.Demo.Team;

        foreach (var (client, user) in new[] { (tara, "tara"), (theo, "theo") })
        {
            var link = await JsonAsync(await client.GetAsync("/api/telegram/link-account?target=group"));
            var token = link.GetProperty("token").GetString()!;
            link.GetProperty("linking_url").GetString().ShouldBe($"https://t.me/sns_demo_bot?startgroup={token}");
            var added = await JsonAsync(await client.PostAsync("/demo/team/add-bot", Json(new { payload = token })));
            added.GetProperty("chat_id").GetInt64().ShouldBe(team.Id);
            await Eventually.WaitUntilAsync(
                async () => (await JsonAsync(await client.GetAsync("/api/telegram/status"))).GetProperty("telegram_chat_id").GetString() == team.Id.ToString(CultureInfo.InvariantCulture),
                $"{user}'s account is linked to the team group",
                Wait);
        }

        team.IsForum.ShouldBeTrue();
        var notifier = demo.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        await notifier.NotifyAsync(new PostPublished("tara", SnsPlatform.Instagram, "tara's launch", "https://example.com/p/t") { PostId = "t1" });
        await notifier.NotifyAsync(new PostFailed("tara", SnsPlatform.Facebook, "tara's broken post", "token expired"));
        await notifier.NotifyAsync(new PostPublished("theo", SnsPlatform.Twitter, "theo's launch", "https://example.com/p/o") { PostId = "o1" });
        await demo.Emulator.WaitForMessageAsync(team.Id, m => m.Text.Contains("theo's launch", StringComparison.Ordinal), Wait);
        await demo.Emulator.WaitForMessageAsync(team.Id, m => m.Text.Contains("tara's broken post", StringComparison.Ordinal), Wait);

        var view = await JsonAsync(await tara.GetAsync("/demo/team"));
        view.GetProperty("joined").GetBoolean().ShouldBeTrue();
        view.GetProperty("title").GetString().ShouldBe(OfflineDemo.TeamTitle);
        var topics = view.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetInt32());
        topics.Keys.ShouldBe(["✅ Published posts", "❌ Failed posts"], ignoreOrder: true);
        int? TopicOf(string text) => view.GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal))
            .GetProperty("topic_id") is { ValueKind: JsonValueKind.Number } id ? id.GetInt32() : null;
        TopicOf("tara's launch").ShouldBe(topics["✅ Published posts"]);
        TopicOf("theo's launch").ShouldBe(topics["✅ Published posts"]);
        TopicOf("tara's broken post").ShouldBe(topics["❌ Failed posts"]);
        var starts = view.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("text").GetString()!.StartsWith("/start@sns_demo_bot", StringComparison.Ordinal)).ToList();
        starts.Select(m => m.GetProperty("from").GetString()).ShouldBe(["user", "member"], "tara's own /start, then theo's");
        starts[1].GetProperty("sender").GetString().ShouldBe("Theo");

        // a button of a message in the team group is pressed there, by the signed-in user's simulated Telegram user
        var launch = view.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("text").GetString()!.Contains("tara's launch", StringComparison.Ordinal));
        var button = launch.GetProperty("buttons").EnumerateArray().SelectMany(row => row.EnumerateArray())
            .First(b => b.GetProperty("callback_data").ValueKind == JsonValueKind.String);
        var pressed = await JsonAsync(await tara.PostAsync("/demo/chat/press", Json(new { message_id = launch.GetProperty("id").GetInt32(), callback_data = button.GetProperty("callback_data").GetString(), chat = "team" })));
        pressed.GetProperty("answer").GetString().ShouldNotBeNullOrWhiteSpace("the bot answered the button pressed in the group");
        using (var notInBotChat = await tara.PostAsync("/demo/chat/press", Json(new { message_id = launch.GetProperty("id").GetInt32(), callback_data = button.GetProperty("callback_data").GetString() })))
        {
            (await ErrorAsync(notInBotChat, HttpStatusCode.NotFound)).ShouldBe("There is no such button in your chat.");
        }

        // someone who did not join sees nothing of the group
        var outsider = await JsonAsync(await nora.GetAsync("/demo/team"));
        outsider.GetProperty("joined").GetBoolean().ShouldBeFalse();
        outsider.GetProperty("messages").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"payload\":\"\"}")]
    [InlineData("{\"payload\":\"has space\"}")]
    [InlineData("{\"payload\":12}")]
    [InlineData("{\"payload\":\"ok\",\"extra\":1}")]
    [InlineData("not json")]
    public async Task A_bad_startgroup_payload_is_refused(string body)
    {
        using var client = await demo.SignedInAsync("bad-payload");
        using var response = await client.PostAsync("/demo/team/add-bot", new StringContent(body, Encoding.UTF8, "application/json"));
        (await ErrorAsync(response, HttpStatusCode.BadRequest)).ShouldNotBeEmpty();
        demo.Demo.IsTeamMember("bad-payload").ShouldBeFalse();
    }

    [Fact]
    public async Task A_button_press_names_a_known_chat()
    {
        using var client = await demo.SignedInAsync("presser");
        using var response = await client.PostAsync("/demo/chat/press", Json(new { message_id = 1, callback_data = "x", chat = "channel" }));
        (await ErrorAsync(response, HttpStatusCode.BadRequest)).ShouldBe("chat must be bot or team.");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>The message of an error envelope, after checking the status.</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("status").GetString().ShouldBe("error");
        return document.RootElement.GetProperty("message").GetString()!;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {text}");
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The offline demo, started once for the class (each test uses users of its own).</summary>
    public sealed class DemoApp : IAsyncLifetime
    {
        private Uri? _baseUrl;

        public DemoAppFactory App { get; } = new(new()
        {
            ["Sample:AutoPostIntervalSeconds"] = "3600", // no automatic posts: the tests notify themselves
            ["SnsTelegram:Digest:PollInterval"] = "00:00:01",
        });

        public OfflineDemo Demo => App.Services.GetRequiredService<OfflineDemo>();

        public SnsTelegram.Sdk.Testing.TelegramEmulator Emulator => Demo.Emulator;

        public HttpClient Client() => new() { BaseAddress = _baseUrl ?? throw new InvalidOperationException("not started") };

        public async Task<HttpClient> SignedInAsync(string user)
        {
            var client = Client();
            using var response = await client.PostAsJsonAsync("/dev/token", new { user });
            var body = await JsonAsync(response);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
            return client;
        }

        /// <summary>Links the user's own simulated chat (Start with the deep link's token) and returns its id.</summary>
        public async Task<long> LinkPrivateChatAsync(HttpClient client, string user)
        {
            var token = (await JsonAsync(await client.GetAsync("/api/telegram/link-account"))).GetProperty("token").GetString();
            await JsonAsync(await client.PostAsync("/demo/chat/start", Json(new { payload = token })));
            var chatId = Demo.FindUser(user).ShouldNotBeNull().ChatId;
            await Emulator.WaitForMessageAsync(chatId, m => m.Text.Contains("linked", StringComparison.OrdinalIgnoreCase), Wait);
            await Eventually.WaitUntilAsync(
                async () => (await JsonAsync(await client.GetAsync("/api/telegram/status"))).GetProperty("telegram_enabled").GetBoolean(),
                $"{user} is linked",
                Wait);
            return chatId;
        }

        public Task InitializeAsync()
        {
            _baseUrl = App.Start();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
