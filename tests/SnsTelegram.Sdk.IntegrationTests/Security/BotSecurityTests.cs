using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests.Security;

/// <summary>
/// The bot's side of security, over the real webhook (Kestrel, a SQLite file, the emulator): an update the bot cannot
/// read is kept and acknowledged, never answered 500; a migration is followed only when Telegram could have made it;
/// a retry button runs once per message.
/// </summary>
public sealed class BotSecurityTests : IAsyncLifetime
{
    /// <summary>2^40: beyond the dates .NET can represent in seconds since 1970.</summary>
    private const long HugeNumber = 1L << 40;

    private static int _nextUpdateId = 800_000_000;
    private readonly RecordingRetryHandler _retries = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("sns-bot-security-").FullName;
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(
        TelegramUpdateMode.Webhook,
        storage: b => b.UseSqlite($"Data Source={Path.Combine(_directory, "bot.db")}").Services.AddSingleton<IPostRetryHandler>(_retries));

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection; the temp folder is cleaned by the system
        }
    }

    private static int NextId() => Interlocked.Increment(ref _nextUpdateId);

    private IProcessedUpdateStore Updates => _app.App.Services.GetRequiredService<IProcessedUpdateStore>();

    private IChatLinkStore Links => _app.App.Services.GetRequiredService<IChatLinkStore>();

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestApp.Secret);
        return await _app.Http.SendAsync(request);
    }

    private static string Chat(long id, string type) => type == "private"
        ? $$"""{"id":{{id}},"type":"private","first_name":"Mina"}"""
        : $$"""{"id":{{id}},"type":"{{type}}","title":"Team"}""";

    private static string From(long id) => $$"""{"id":{{id}},"is_bot":false,"first_name":"Mina","language_code":"en"}""";

    private static string Message(int updateId, long chatId, string chatType, string fields, long date = 1_772_101_800) =>
        $$"""{"update_id":{{updateId}},"message":{"message_id":{{updateId % 100_000}},"date":{{date}},"chat":{{Chat(chatId, chatType)}},"from":{{From(Math.Abs(chatId))}}{{fields}} } }""";

    [Fact]
    public async Task A_message_dated_2_to_the_40_is_acknowledged_kept_and_the_next_update_is_handled()
    {
        var user = _app.CreateUser();
        var id = NextId();

        using var response = await PostAsync(Message(id, user.Id, "private", ""","text":"/help" """, date: HugeNumber));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var kept = (await Updates.GetUnreadableAsync(100)).Where(u => u.UpdateId == id).ShouldHaveSingleItem();
        kept.Source.ShouldBe("webhook");
        kept.Reason.ShouldStartWith("unreadable: ");
        kept.Body.ShouldContain(HugeNumber.ToString(CultureInfo.InvariantCulture));
        kept.Truncated.ShouldBeFalse();

        (await PostAsync(Message(NextId(), user.Id, "private", ""","text":"/help" """))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.NextMessageAsync(user.Id)).Text.ShouldContain("Commands");
    }

    [Theory]
    [InlineData("""{"user":{"id":1,"is_bot":true,"first_name":"bot"}}""")]
    [InlineData("""{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"bot"},"until_date":1099511627776}""")]
    public async Task A_chat_member_update_without_status_or_with_an_until_date_of_2_to_the_40_is_acknowledged_and_kept(string newChatMember)
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("member-" + user.Id, user);
        var id = NextId();
        var update = $$"""{"update_id":{{id}},"my_chat_member":{"chat":{{Chat(user.Id, "private")}},"from":{{From(user.Id)}},"date":1772101800,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"bot"} },"new_chat_member":{{newChatMember}} } }""";

        using var response = await PostAsync(update);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Updates.GetUnreadableAsync(100)).ShouldContain(u => u.UpdateId == id && u.Reason.StartsWith("unreadable: ", StringComparison.Ordinal));
        (await Links.GetAsync("member-" + user.Id)).ShouldNotBeNull().Enabled.ShouldBeTrue("an unreadable update changes nothing");
    }

    [Theory]
    [InlineData("migrate_to_chat_id")]
    [InlineData("migrate_from_chat_id")]
    public async Task A_migration_field_in_a_private_chat_moves_no_link_and_the_next_notification_reaches_its_own_chat(string field)
    {
        var a = _app.CreateUser();
        var b = _app.CreateUser();
        await _app.LinkAsync("user-a", a);
        await _app.LinkAsync("user-b", b);
        await _app.NextMessageAsync(a.Id);
        await _app.NextMessageAsync(b.Id);

        // migrate_to in A's chat names B's chat; migrate_from in B's chat names A's
        var forged = field == "migrate_to_chat_id"
            ? Message(NextId(), a.Id, "private", $$""","{{field}}":{{b.Id}}""")
            : Message(NextId(), b.Id, "private", $$""","{{field}}":{{a.Id}}""");
        (await PostAsync(forged)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var linkA = (await Links.GetAsync("user-a")).ShouldNotBeNull();
        linkA.ChatId.ShouldBe(a.Id);
        linkA.ChatType.ShouldBe(TelegramChatType.Private);
        var linkB = (await Links.GetAsync("user-b")).ShouldNotBeNull();
        linkB.ChatId.ShouldBe(b.Id);
        linkB.ChatType.ShouldBe(TelegramChatType.Private);

        var sentToB = b.Messages.Count;
        await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new PostFailed("user-a", SnsPlatform.Instagram, "A's post", "quota") { PostId = "post-a" });
        (await _app.NextMessageAsync(a.Id)).Text.ShouldContain("A's post");
        b.Messages.Count.ShouldBe(sentToB, "nothing of A's reaches B");
    }

    [Fact]
    public async Task A_migration_field_naming_a_private_chat_in_a_group_is_refused()
    {
        var member = _app.CreateUser();
        var victim = _app.CreateUser();
        var group = _app.Emulator.CreateGroup();
        group.SetMember(member, EmulatedMemberStatus.Administrator);
        await _app.DeliveredAsync(await group.SendTextAsync(member, "/start@" + TelegramTestApp.BotUsername + " " + await _app.LinkTokenAsync("team")));
        await _app.LinkAsync("victim", victim);

        (await PostAsync(Message(NextId(), group.Id, "group", $$""","migrate_to_chat_id":{{victim.Id}}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Message(NextId(), victim.Id, "supergroup", $$""","migrate_from_chat_id":{{group.Id}}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Links.GetAsync("team")).ShouldNotBeNull().ChatId.ShouldBe(group.Id);
        var victimLink = (await Links.GetAsync("victim")).ShouldNotBeNull();
        victimLink.ChatId.ShouldBe(victim.Id);
        victimLink.ChatType.ShouldBe(TelegramChatType.Private);
    }

    [Fact]
    public async Task A_real_group_to_supergroup_migration_is_still_followed()
    {
        var member = _app.CreateUser();
        var group = _app.Emulator.CreateGroup();
        group.SetMember(member, EmulatedMemberStatus.Creator);
        await _app.DeliveredAsync(await group.SendTextAsync(member, "/start@" + TelegramTestApp.BotUsername + " " + await _app.LinkTokenAsync("group-owner")));
        await _app.NextMessageAsync(group.Id);
        var oldId = group.Id;

        await group.UpgradeToSupergroupAsync(member);
        await _app.Emulator.WaitForAllDeliveredAsync(TelegramTestApp.Wait);

        group.Id.ShouldNotBe(oldId);
        var link = (await Links.GetAsync("group-owner")).ShouldNotBeNull();
        link.ChatId.ShouldBe(group.Id);
        link.ChatType.ShouldBe(TelegramChatType.Supergroup);
        await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new TestMessage("group-owner"));
        (await _app.NextMessageAsync(group.Id)).ChatId.ShouldBe(group.Id);
    }

    [Fact]
    public async Task A_send_answered_with_a_migration_to_another_users_private_chat_is_not_followed()
    {
        var a = _app.CreateUser();
        var b = _app.CreateUser();
        await _app.LinkAsync("answer-a", a);
        await _app.LinkAsync("answer-b", b);
        await _app.NextMessageAsync(a.Id);
        await _app.NextMessageAsync(b.Id);
        var sentToB = b.Messages.Count;
        _app.Emulator.Faults.AnswerMigratedNext(1, b.Id, "sendMessage");

        var queued = await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new TestMessage("answer-a"));

        var outbox = _app.App.Services.GetRequiredService<IOutboxStore>();
        await Eventually.WaitUntilAsync(async () => (await outbox.GetAsync(queued.OutboxId!.Value))?.State == OutboxState.DeadLettered, "the message is dead-lettered", TelegramTestApp.Wait);
        (await outbox.GetAsync(queued.OutboxId!.Value)).ShouldNotBeNull().LastError.ShouldNotBeNull();
        var linkA = (await Links.GetAsync("answer-a")).ShouldNotBeNull();
        linkA.ChatId.ShouldBe(a.Id);
        linkA.ChatType.ShouldBe(TelegramChatType.Private);
        (await Links.GetAsync("answer-b")).ShouldNotBeNull().ChatType.ShouldBe(TelegramChatType.Private);
        b.Messages.Count.ShouldBe(sentToB);
    }

    [Fact]
    public async Task Retry_pressed_twice_asks_the_app_once_and_the_second_press_is_answered_already_done()
    {
        foreach (var (language, alreadyDone) in new[] { ("en", "Already done"), ("ko", "이미 처리된 요청입니다") })
        {
            var user = _app.CreateUser(language);
            var userId = "retry-" + user.Id;
            await _app.LinkAsync(userId, user);
            await _app.NextMessageAsync(user.Id);
            await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new PostFailed(userId, SnsPlatform.Instagram, "post", "quota") { PostId = "post-1" });
            var failure = await _app.NextMessageAsync(user.Id);
            var retry = failure.InlineKeyboard.SelectMany(row => row).Single(button => button.CallbackData == "retry:post-1");

            var first = await user.PressButtonAsync(failure, retry.CallbackData!);
            var second = await user.PressButtonAsync(failure, retry.CallbackData!);

            (await first.WaitForAnswerAsync(TelegramTestApp.Wait)).Text.ShouldBe("retrying post-1");
            (await second.WaitForAnswerAsync(TelegramTestApp.Wait)).Text.ShouldBe(alreadyDone);
            _retries.Calls.Count(c => c == (userId, "post-1")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Mute_pressed_again_changes_nothing_and_is_answered_already_done()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("mute-twice", user);
        await _app.NextMessageAsync(user.Id);
        await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new PostFailed("mute-twice", SnsPlatform.Instagram, "post", "quota") { PostId = "post-3" });
        var failure = await _app.NextMessageAsync(user.Id);
        var mute = failure.InlineKeyboard.SelectMany(row => row).Single(button => button.CallbackData!.StartsWith("mute:", StringComparison.Ordinal));

        var first = await (await user.PressButtonAsync(failure, mute.CallbackData!)).WaitForAnswerAsync(TelegramTestApp.Wait);
        var second = await (await user.PressButtonAsync(failure, mute.CallbackData!)).WaitForAnswerAsync(TelegramTestApp.Wait);

        first.Text.ShouldNotBe("Already done");
        second.Text.ShouldBe("Already done");
        (await Links.GetAsync("mute-twice")).ShouldNotBeNull().MutedTypes.ShouldBe([NotificationTypes.PostFailure]);
    }

    [Fact]
    public async Task A_callback_delivered_again_under_a_new_update_id_does_not_retry_again()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("redelivered", user);
        await _app.NextMessageAsync(user.Id);
        await _app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(new PostFailed("redelivered", SnsPlatform.Instagram, "post", "quota") { PostId = "post-2" });
        var failure = await _app.NextMessageAsync(user.Id);
        string Callback(int updateId) =>
            $$"""{"update_id":{{updateId}},"callback_query":{"id":"cb-{{user.Id}}","from":{{From(user.Id)}},"chat_instance":"ci","data":"retry:post-2","message":{"message_id":{{failure.MessageId}},"date":1772101800,"chat":{{Chat(user.Id, "private")}} } } }""";

        (await PostAsync(Callback(NextId()))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Callback(NextId()))).StatusCode.ShouldBe(HttpStatusCode.OK);

        _retries.Calls.Count(c => c == ("redelivered", "post-2")).ShouldBe(1);
    }

    private sealed class RecordingRetryHandler : IPostRetryHandler
    {
        public ConcurrentQueue<(string UserId, string PostId)> Calls { get; } = new();

        public ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue((userId, postId));
            return ValueTask.FromResult("retrying " + postId);
        }
    }
}
