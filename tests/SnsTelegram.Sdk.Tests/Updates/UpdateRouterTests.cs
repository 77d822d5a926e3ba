using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Formatting;
using SnsTelegram.Sdk.Tests.Linking;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Tests.Updates;

public sealed class UpdateRouterTests
{
    private const long Chat = 7910169750;

    [Fact]
    public async Task Start_with_a_token_links_the_chat_and_confirms_in_the_users_language()
    {
        await using var host = new LinkingTestHost();
        var token = await host.IssueTokenAsync("user-1");

        (await host.SendTextAsync(Chat, "/start " + token, language: "en-US")).ShouldBe(UpdateOutcome.Handled);

        var link = await host.Links.GetAsync("user-1");
        link.ShouldNotBeNull();
        link.ChatId.ShouldBe(Chat);
        link.ChatType.ShouldBe(TelegramChatType.Private);
        link.Enabled.ShouldBeTrue();
        link.Language.ShouldBe("en");
        link.LinkedAt.ShouldBe(host.Time.GetUtcNow());
        var reply = host.Api.Sent(Chat).ShouldHaveSingleItem();
        reply.Text.ShouldContain("Telegram linked");
        reply.Body.GetProperty("parse_mode").GetString().ShouldBe("HTML", StringCompareShould.IgnoreCase);
    }

    [Fact]
    public async Task Korean_and_unknown_languages_get_the_Korean_default()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(1, "/start " + await host.IssueTokenAsync("u-ko"), language: "ko");
        await host.SendTextAsync(2, "/start " + await host.IssueTokenAsync("u-fr"), language: "fr");

        host.Api.Sent(1).Single().Text.ShouldContain("텔레그램 연동 완료");
        host.Api.Sent(2).Single().Text.ShouldContain("텔레그램 연동 완료");
        (await host.Links.GetAsync("u-ko"))!.Language.ShouldBe("ko");
        (await host.Links.GetAsync("u-fr"))!.Language.ShouldBeNull();
    }

    [Fact]
    public async Task A_redelivered_update_is_handled_once()
    {
        await using var host = new LinkingTestHost();
        var update = LinkingTestHost.TextUpdate(500, Chat, "/help");

        (await host.Router.HandleAsync(update, default)).ShouldBe(UpdateOutcome.Handled);
        (await host.Router.HandleAsync(update, default)).ShouldBe(UpdateOutcome.Duplicate);
        await host.DeliverQueuedAsync();

        host.Api.Sent(Chat).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Updates_are_counted_by_type_and_outcome()
    {
        await using var host = new LinkingTestHost();
        using var collector = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            host.Get<System.Diagnostics.Metrics.IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.updates.processed");
        var update = LinkingTestHost.TextUpdate(77, Chat, "/help");

        await host.Router.HandleAsync(update, default);
        await host.Router.HandleAsync(update, default);
        await host.SendTextAsync(-1, "chatter", chatType: ChatType.Group);

        collector.GetMeasurementSnapshot().Select(m => $"{m.Tags["type"]}/{m.Tags["outcome"]}")
            .ShouldBe(["message/handled", "message/duplicate", "message/ignored"]);
    }

    [Fact]
    public async Task A_reply_Telegram_refuses_as_blocked_keeps_the_link_and_turns_it_off_like_any_blocked_chat()
    {
        await using var host = new LinkingTestHost();
        host.Api.SendMessageError = (403, "Forbidden: bot was blocked by the user", null);

        (await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"))).ShouldBe(UpdateOutcome.Handled);

        host.Api.Sent(Chat).ShouldHaveSingleItem("the confirmation was tried once");
        var link = (await host.Links.GetAsync("user-1")).ShouldNotBeNull("the link made before the reply stays");
        link.ChatId.ShouldBe(Chat);
        link.Enabled.ShouldBeFalse("a reply follows the same outcome rules as every message: a blocked chat is turned off");
        link.DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
    }

    [Fact]
    public async Task Refused_tokens_link_nothing_and_say_why()
    {
        await using var host = new LinkingTestHost();
        var used = await host.IssueTokenAsync("used");
        await host.SendTextAsync(1, "/start " + used);
        var retired = await host.IssueTokenAsync("retired");
        await host.IssueTokenAsync("retired");
        var expired = await host.IssueTokenAsync("expired");
        host.Time.Advance(TimeSpan.FromMinutes(11));

        await host.SendTextAsync(2, "/start " + used);
        await host.SendTextAsync(3, "/start " + retired);
        await host.SendTextAsync(4, "/start " + expired);
        await host.SendTextAsync(5, "/start " + LinkSecrets.NewToken());
        await host.SendTextAsync(6, "/start " + expired, language: "ko");

        host.Api.Sent(2).Single().Text.ShouldContain("already used");
        host.Api.Sent(3).Single().Text.ShouldContain("newer link");
        host.Api.Sent(4).Single().Text.ShouldContain("expired");
        host.Api.Sent(5).Single().Text.ShouldContain("not valid");
        host.Api.Sent(6).Single().Text.ShouldContain("만료");
        (await host.Links.GetByChatAsync(2)).ShouldBeEmpty();
        (await host.Links.GetAsync("retired")).ShouldBeNull();
        (await host.Links.GetAsync("expired")).ShouldBeNull();
        (await host.Links.GetAsync("used"))!.ChatId.ShouldBe(1);
    }

    [Fact]
    public async Task Start_without_a_token_and_link_show_a_one_time_code_that_links_the_chat()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start");
        await host.SendTextAsync(-4001, "/link@sns_test_bot", chatType: ChatType.Group, language: "ko");

        var privateCode = CodeIn(host.Api.Sent(Chat).Single().Text);
        var groupCode = CodeIn(host.Api.Sent(-4001).Single().Text);
        host.Api.Sent(-4001).Single().Text.ShouldContain("연동 코드");

        var redeemed = await host.Tokens.RedeemChatCodeAsync(groupCode, default);
        redeemed.Token!.ChatId.ShouldBe(-4001);
        redeemed.Token.ChatType.ShouldBe(TelegramChatType.Group);
        redeemed.Token.Language.ShouldBe("ko");
        (await host.Tokens.RedeemChatCodeAsync(privateCode, default)).Token!.ChatId.ShouldBe(Chat);
    }

    [Fact]
    public async Task Stop_turns_notifications_off_status_shows_it_and_start_turns_them_on()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));

        await host.SendTextAsync(Chat, "/stop");
        var stopped = await host.Links.GetAsync("user-1");
        stopped!.Enabled.ShouldBeFalse();
        stopped.DisabledReason.ShouldBe(ChatLinkDisabledReasons.StoppedByUser);

        await host.SendTextAsync(Chat, "/status");
        host.Api.Sent(Chat)[^1].Text.ShouldContain("Notifications: <b>off</b> (turned off with /stop)");

        await host.SendTextAsync(Chat, "/start");
        var restarted = await host.Links.GetAsync("user-1");
        restarted!.Enabled.ShouldBeTrue();
        restarted.DisabledReason.ShouldBeNull();
        host.Api.Sent(Chat)[^1].Text.ShouldContain("on again");

        await host.SendTextAsync(Chat, "/start");
        host.Api.Sent(Chat)[^1].Text.ShouldContain("is linked and notifications are on");
    }

    [Fact]
    public async Task Stop_in_an_unlinked_chat_says_so()
    {
        await using var host = new LinkingTestHost();

        await host.SendTextAsync(Chat, "/stop");

        host.Api.Sent(Chat).Single().Text.ShouldContain("not linked");
    }

    [Fact]
    public async Task Group_commands_for_other_bots_and_group_chatter_are_ignored()
    {
        await using var host = new LinkingTestHost();

        (await host.SendTextAsync(-500, "/status@OtherBot", chatType: ChatType.Supergroup)).ShouldBe(UpdateOutcome.Ignored);
        (await host.SendTextAsync(-500, "good morning team", chatType: ChatType.Supergroup)).ShouldBe(UpdateOutcome.Ignored);
        (await host.SendTextAsync(-500, "/deploy", chatType: ChatType.Supergroup)).ShouldBe(UpdateOutcome.Ignored);
        host.Api.Sent(-500).ShouldBeEmpty();

        (await host.SendTextAsync(-500, "/status@sns_test_bot", chatType: ChatType.Supergroup)).ShouldBe(UpdateOutcome.Handled);
        (await host.SendTextAsync(-500, "/deploy@sns_test_bot", chatType: ChatType.Supergroup)).ShouldBe(UpdateOutcome.Handled);
        host.Api.Sent(-500)[0].Text.ShouldContain("not linked");
        host.Api.Sent(-500)[1].Text.ShouldContain("/help");
    }

    [Fact]
    public async Task Private_chatter_and_unknown_commands_get_short_help_and_help_lists_the_commands()
    {
        await using var host = new LinkingTestHost();

        await host.SendTextAsync(Chat, "hello <bot>");
        await host.SendTextAsync(Chat, "/weather");
        await host.SendTextAsync(Chat, "/help");

        var sent = host.Api.Sent(Chat);
        sent[0].Text.ShouldContain("/help");
        sent[1].Text.ShouldBe(sent[0].Text);
        foreach (var command in new[] { "/start", "/link", "/status", "/stop", "/help" })
        {
            sent[2].Text.ShouldContain(command);
        }
    }

    [Fact]
    public async Task A_private_chat_serves_one_account_so_linking_it_again_moves_it()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("alice"));

        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("bob"));

        (await host.Links.GetAsync("alice")).ShouldBeNull();
        (await host.Links.GetAsync("bob"))!.ChatId.ShouldBe(Chat);
        (await host.Links.GetByChatAsync(Chat)).ShouldHaveSingleItem().UserId.ShouldBe("bob");
    }

    [Fact]
    public async Task A_group_serves_a_team_and_a_user_moving_keeps_their_settings()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(-900, "/start@sns_test_bot " + await host.IssueTokenAsync("alice"), chatType: ChatType.Group);
        await host.SendTextAsync(-900, "/start@sns_test_bot " + await host.IssueTokenAsync("bob"), chatType: ChatType.Group);
        (await host.Links.GetByChatAsync(-900)).Select(l => l.UserId).Order().ShouldBe(["alice", "bob"]);
        var alice = (await host.Links.GetAsync("alice"))!;
        await host.Links.UpdateAsync(alice with { TimeZone = "Asia/Seoul", QuietHours = new QuietHours(new(22, 0), new(7, 0)) });

        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("alice"));

        var moved = (await host.Links.GetAsync("alice"))!;
        moved.ChatId.ShouldBe(Chat);
        moved.TimeZone.ShouldBe("Asia/Seoul");
        moved.QuietHours.ShouldNotBeNull();
        (await host.Links.GetByChatAsync(-900)).ShouldHaveSingleItem().UserId.ShouldBe("bob");
    }

    [Fact]
    public async Task Buttons_mute_unmute_and_stop_and_are_always_answered()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "mute:post_success"), default);
        (await host.Links.GetAsync("user-1"))!.MutedTypes.ShouldBe(["post_success"]);

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "unmute:post_success"), default);
        (await host.Links.GetAsync("user-1"))!.MutedTypes.ShouldBeEmpty();

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "mute:test"), default);
        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "stop"), default);
        var link = (await host.Links.GetAsync("user-1"))!;
        link.Enabled.ShouldBeFalse();
        link.DisabledReason.ShouldBe(ChatLinkDisabledReasons.StoppedByUser);
        link.MutedTypes.ShouldBeEmpty();

        var answers = host.Api.Method("answerCallbackQuery").Select(c => c.Text).ToList();
        answers.Count.ShouldBe(4);
        answers[0].ShouldContain("muted");
        answers[1].ShouldContain("on");
        answers[2].ShouldBe("Unknown button");
        answers[3].ShouldContain("off");
    }

    [Fact]
    public async Task Retry_calls_the_hosts_handler_for_the_chats_user()
    {
        var handler = new RecordingRetryHandler();
        await using var host = new LinkingTestHost(services: s => s.AddSingleton<IPostRetryHandler>(handler));
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "retry:post-77"), default);

        handler.Calls.ShouldBe([("user-1", "post-77")]);
        host.Api.Method("answerCallbackQuery").Single().Text.ShouldBe("Retry scheduled");
    }

    [Fact]
    public async Task Retry_without_a_handler_or_in_an_unlinked_chat_is_explained()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "retry:post-77"), default);
        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), 31337, "stop"), default);

        var answers = host.Api.Method("answerCallbackQuery").Select(c => c.Text).ToList();
        answers[0].ShouldContain("not available");
        answers[1].ShouldContain("not linked");
    }

    [Fact]
    public async Task Blocking_the_bot_or_removing_it_from_a_group_disables_the_link()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));

        var outcome = await host.Router.HandleAsync(MemberUpdate(host.NextUpdateId(), Chat, new ChatMemberBanned { User = Bot }), default);

        outcome.ShouldBe(UpdateOutcome.Handled);
        var link = (await host.Links.GetAsync("user-1"))!;
        link.Enabled.ShouldBeFalse();
        link.DisabledReason.ShouldBe(ChatLinkDisabledReasons.BotBlocked);
        (await host.Router.HandleAsync(MemberUpdate(host.NextUpdateId(), Chat, new ChatMemberMember { User = Bot }), default)).ShouldBe(UpdateOutcome.Ignored);
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_keeps_its_links()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(-300, "/start@sns_test_bot " + await host.IssueTokenAsync("user-1"), chatType: ChatType.Group);
        var migration = LinkingTestHost.TextUpdate(host.NextUpdateId(), -300, "x", chatType: ChatType.Group);
        migration.Message!.Text = null;
        migration.Message.MigrateToChatId = -1001234567890;

        (await host.Router.HandleAsync(migration, default)).ShouldBe(UpdateOutcome.Handled);

        var link = (await host.Links.GetAsync("user-1"))!;
        link.ChatId.ShouldBe(-1001234567890);
        link.ChatType.ShouldBe(TelegramChatType.Supergroup);
    }

    [Fact]
    public async Task A_failing_handler_is_contained()
    {
        await using var host = new LinkingTestHost(services: s => s.AddSingleton<IChatLinkStore, ThrowingLinkStore>());

        (await host.SendTextAsync(Chat, "/status")).ShouldBe(UpdateOutcome.Failed);
    }

    [Fact]
    public async Task Every_reply_is_well_formed_telegram_html()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));
        foreach (var language in new[] { "en", "ko" })
        {
            foreach (var text in new[] { "/status", "/help", "/link", "/stop", "/status", "/start", "hi", "/start " + LinkSecrets.NewToken() })
            {
                await host.SendTextAsync(Chat, text, language);
            }
        }

        foreach (var call in host.Api.Method("sendMessage"))
        {
            TelegramHtmlValidator.ShouldBeValid(new TelegramMessage(call.Text));
        }
    }

    private static readonly User Bot = new() { Id = 123456, IsBot = true, FirstName = "Bot", Username = LinkingTestHost.BotUsername };

    private static Update MemberUpdate(int id, long chatId, ChatMember member) => new()
    {
        Id = id,
        MyChatMember = new ChatMemberUpdated
        {
            Chat = new Chat { Id = chatId, Type = ChatType.Private },
            From = new User { Id = chatId, FirstName = "Mina" },
            Date = new DateTime(2026, 2, 26, 10, 30, 0, DateTimeKind.Utc),
            OldChatMember = new ChatMemberMember { User = Bot },
            NewChatMember = member,
        },
    };

    internal static string CodeIn(string text)
    {
        var start = text.IndexOf("<code>", StringComparison.Ordinal) + 6;
        return text[start..text.IndexOf("</code>", StringComparison.Ordinal)];
    }

    private sealed class RecordingRetryHandler : IPostRetryHandler
    {
        public List<(string, string)> Calls { get; } = [];

        public ValueTask<string> RetryAsync(string userId, string postId, CancellationToken cancellationToken = default)
        {
            Calls.Add((userId, postId));
            return ValueTask.FromResult("Retry scheduled");
        }
    }

    private sealed class ThrowingLinkStore : IChatLinkStore
    {
        public ValueTask<ChatLink?> GetAsync(string userId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<IReadOnlyList<ChatLink>> GetByChatAsync(long chatId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<IReadOnlyList<string>> LinkAsync(ChatLink link, bool exclusiveChat, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<bool> UpdateAsync(ChatLink link, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<bool> UnlinkAsync(string userId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<int> SetEnabledForChatAsync(long chatId, bool enabled, string? disabledReason, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<int> MigrateChatAsync(long fromChatId, long toChatId, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<IReadOnlyList<ChatLink>> ListEnabledAsync(string? afterUserId, int limit, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");
    }
}
