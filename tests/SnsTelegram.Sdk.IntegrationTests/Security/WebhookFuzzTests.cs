using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Security;

/// <summary>
/// Bounded fuzzing of the webhook through the real endpoint (Kestrel, a SQLite file, the emulator): valid updates from an
/// attacker's private chat and group, mutated at random (giant numbers, missing and extra fields, wrong types, random
/// Unicode, other chats' ids in any field), never get a 5xx, and the bot never writes to a chat no update came from.
/// </summary>
/// <remarks>
/// It runs for <see cref="DefaultSeconds"/> seconds; set <c>SNSTELEGRAM_FUZZ_SECONDS</c> for a longer run, and
/// <c>SNSTELEGRAM_FUZZ_SEED</c> to replay the seed a failure printed.
/// </remarks>
public sealed class WebhookFuzzTests : IAsyncLifetime
{
    private const int DefaultSeconds = 10;
    private static int _nextUpdateId = 700_000_000;
    private readonly ConcurrentQueue<long> _botMessageChats = new();
    private TelegramTestApp _app = null!;
    private EmulatedUser _attacker = null!;
    private EmulatedUser _victim = null!;
    private EmulatedGroup _group = null!;

    public async Task InitializeAsync()
    {
        _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, storage: b => b.UseInMemoryStores().Services.AddSingleton<IPostRetryHandler, EchoRetry>());
        _attacker = _app.CreateUser();
        _victim = _app.CreateUser("ko");
        _group = _app.Emulator.CreateGroup();
        _group.SetMember(_attacker, EmulatedMemberStatus.Administrator);
        await _app.LinkAsync("attacker", _attacker);
        await _app.LinkAsync("victim", _victim);
        await _app.DeliveredAsync(await _group.SendTextAsync(_attacker, "/start@" + TelegramTestApp.BotUsername + " " + await _app.LinkTokenAsync("team")));
        await _app.Emulator.WaitForAllDeliveredAsync(TelegramTestApp.Wait);
        await Eventually.WaitUntilAsync(() => _victim.Messages.Count >= 1, "the victim's link is confirmed", TelegramTestApp.Wait);
        _app.Emulator.MessageRecorded += (_, e) =>
        {
            if (e.Message.FromBot)
            {
                _botMessageChats.Enqueue(e.Message.ChatId);
            }
        };
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Mutated_updates_never_get_a_5xx_and_never_reach_a_chat_they_did_not_come_from()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SNSTELEGRAM_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : DefaultSeconds;
        var victimMessages = _victim.Messages.Count;
        var victimLink = await Links.GetAsync("victim");
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();

        var mutation = Gen.Select(Gen.Int[0, Mutations - 1], Gen.Int, Gen.Int);
        var gen = Gen.Select(Gen.Int[0, TemplateCount - 1], mutation.Array[0, 6]);
        await gen.SampleAsync(
            async (template, mutations) =>
            {
                var body = Build(template, mutations);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestApp.Secret);
                using var response = await _app.Http.SendAsync(request);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                ((int)response.StatusCode).ShouldBeLessThan(500, body);
                response.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.BadRequest], body);
            },
            seed: Environment.GetEnvironmentVariable("SNSTELEGRAM_FUZZ_SEED"),
            iter: long.MaxValue,
            time: seconds,
            threads: 2);

        statuses.GetValueOrDefault(HttpStatusCode.OK).ShouldBeGreaterThan(0, "some mutated updates are still accepted");

        // Replies go out through the outbox: let it drain, then check where every bot message went.
        var outbox = _app.App.Services.GetRequiredService<IOutboxStore>();
        await Eventually.WaitUntilAsync(async () => (await outbox.GetStatsAsync(_app.Time.GetUtcNow())).Due == 0, "the replies are sent", TimeSpan.FromSeconds(60));
        var strays = _botMessageChats.Distinct().Where(chat => chat != _attacker.Id && chat != _group.Id).ToList();
        strays.ShouldBeEmpty($"the bot wrote only to the attacker's chats ({_attacker.Id}, {_group.Id}), the chats the updates came from; victim {_victim.Id}");
        _victim.Messages.Count.ShouldBe(victimMessages, "nothing reaches the victim's chat");
        (await Links.GetAsync("victim")).ShouldBe(victimLink, "the victim's link is untouched");
    }

    private IChatLinkStore Links => _app.App.Services.GetRequiredService<IChatLinkStore>();

    private const int TemplateCount = 12;

    private const int Mutations = 6;

    /// <summary>A valid update from the attacker's private chat or group, then the mutations applied to its JSON tree.</summary>
    private string Build(int template, (int Kind, int Target, int Value)[] mutations)
    {
        var id = Interlocked.Increment(ref _nextUpdateId);
        var a = _attacker.Id;
        var g = _group.Id;
        var v = _victim.Id;
        var privateChat = $$"""{"id":{{a}},"type":"private","first_name":"Eve"}""";
        var groupChat = $$"""{"id":{{g}},"type":"group","title":"Team"}""";
        var from = $$"""{"id":{{a}},"is_bot":false,"first_name":"Eve","language_code":"en"}""";
        string Message(string chat, string fields) => $$"""{"update_id":{{id}},"message":{"message_id":{{id % 100_000}},"date":1772101800,"chat":{{chat}},"from":{{from}}{{fields}} } }""";
        string Callback(string chat, string data) => $$"""{"update_id":{{id}},"callback_query":{"id":"cb{{id}}","from":{{from}},"chat_instance":"ci","data":"{{data}}","message":{"message_id":7,"date":1772101800,"chat":{{chat}} } } }""";
        var json = template switch
        {
            0 => Message(privateChat, ""","text":"/start" """),
            1 => Message(privateChat, ""","text":"/help" """),
            2 => Message(privateChat, ""","text":"/status" """),
            3 => Message(privateChat, $$""","text":"/start {{new string('A', 43)}}" """),
            4 => Message(privateChat, $$""","migrate_to_chat_id":{{v}}"""),
            5 => Message(privateChat, $$""","migrate_from_chat_id":{{v}}"""),
            6 => Message(groupChat, $$""","text":"/status@{{TelegramTestApp.BotUsername}}" """),
            7 => Message(groupChat, $$""","migrate_to_chat_id":{{v}}"""),
            8 => Callback(privateChat, "retry:post-1"),
            9 => Callback(privateChat, "mute:post_success"),
            10 => Callback(groupChat, "unmute:daily_summary"),
            _ => $$"""{"update_id":{{id}},"my_chat_member":{"chat":{{privateChat}},"from":{{from}},"date":1772101800,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"bot"} },"new_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"bot"} } } }""",
        };
        var root = JsonNode.Parse(json)!;
        foreach (var (kind, target, value) in mutations)
        {
            Mutate(root, kind, target, value);
        }

        return root.ToJsonString();
    }

    private void Mutate(JsonNode root, int kind, int target, int value)
    {
        var slots = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, slots);

        // Another chat's id may go anywhere but where the update says it comes from: Telegram sets that, and the bot
        // answering a chat an update really came from is right.
        if (kind == 3)
        {
            var origins = new[] { Child(Child(root, "message"), "chat"), Child(Child(Child(root, "callback_query"), "message"), "chat"), Child(Child(root, "my_chat_member"), "chat") };
            slots.RemoveAll(slot => slot.Name == "id" && origins.Any(origin => ReferenceEquals(origin, slot.Parent)));
        }

        if (slots.Count == 0)
        {
            return;
        }

        var (parent, name, index) = slots[(int)((uint)target % (uint)slots.Count)];
        JsonNode? replacement = kind switch
        {
            0 => Giant(value),
            1 => JsonValue.Create(RandomText(value)),
            2 => WrongType(parent is JsonObject o ? o[name!] : ((JsonArray)parent)[index], value),
            3 => JsonValue.Create(ForgedChat(value)),
            _ => null,
        };
        switch (kind)
        {
            case 4 when parent is JsonObject removeFrom:
                removeFrom.Remove(name!);
                return;
            case 5 when parent is JsonObject addTo:
                addTo["x_" + (value & 0xff).ToString(CultureInfo.InvariantCulture)] = (value % 3) switch { 0 => Giant(value), 1 => JsonValue.Create(RandomText(value)), _ => new JsonObject { ["chat"] = new JsonObject { ["id"] = ForgedChat(value) } } };
                return;
            case 4 or 5:
                return;
        }

        if (parent is JsonObject obj)
        {
            obj[name!] = replacement;
        }
        else
        {
            ((JsonArray)parent)[index] = replacement;
        }
    }

    private static JsonNode? Child(JsonNode? node, string name) => node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                slots.Add((obj, key, -1));
                if (child is not null)
                {
                    Collect(child, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, slots);
                }
            }
        }
    }

    private static JsonNode Giant(int value) => (value & 7) switch
    {
        0 => JsonValue.Create(1L << 40),
        1 => JsonValue.Create(long.MaxValue),
        2 => JsonValue.Create(long.MinValue),
        3 => JsonValue.Create(1e308),
        4 => JsonValue.Create(-1),
        5 => JsonValue.Create(0),
        6 => JsonNode.Parse("123456789012345678901234567890")!,
        _ => JsonValue.Create(0.5),
    };

    private static JsonNode? WrongType(JsonNode? current, int value) => current switch
    {
        JsonObject => new JsonArray(JsonValue.Create(value)),
        JsonArray => JsonValue.Create(RandomText(value)),
        JsonValue v when v.TryGetValue<string>(out _) => JsonValue.Create(value),
        JsonValue => (value & 3) switch { 0 => JsonValue.Create(true), 1 => new JsonObject(), 2 => JsonValue.Create(value.ToString(CultureInfo.InvariantCulture)), _ => null },
        _ => JsonValue.Create(RandomText(value)),
    };

    /// <summary>Another chat's id: the victim's, a supergroup-shaped id, the group's as a positive number, or the attacker's.</summary>
    private long ForgedChat(int value) => (value & 3) switch
    {
        0 => _victim.Id,
        1 => -1_000_000_000_000 - _victim.Id,
        2 => -_group.Id,
        _ => _attacker.Id,
    };

    /// <summary>Random Unicode: any code point, lone surrogates, control characters, right-to-left marks, emoji.</summary>
    private static string RandomText(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = random.Next(0, 40); i > 0; i--)
        {
            text.Append(random.Next(6) switch
            {
                0 => ((char)random.Next(0, 0x20)).ToString(),
                1 => ((char)random.Next(0xD800, 0xE000)).ToString(),
                2 => "\u202E",
                3 => char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)),
                4 => "/start ",
                _ => ((char)random.Next(0x20, 0xD800)).ToString(),
            });
        }

        return text.ToString();
    }

    private sealed class EchoRetry : IPostRetryHandler
    {
        public ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default) => ValueTask.FromResult("ok");
    }
}
