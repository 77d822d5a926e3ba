using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class UpdatesTests
{
    [Fact]
    public async Task PressStart_with_a_payload_queues_a_start_command_for_getUpdates()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser("Min", username: "min_k", languageCode: "ko");

        var updateId = await user.PressStartAsync("link_Abc-123");
        var updates = await telegram.Bot().GetUpdates();

        var update = updates.ShouldHaveSingleItem();
        update.Id.ShouldBe((int)updateId);
        update.Type.ShouldBe(UpdateType.Message);
        update.Message!.Text.ShouldBe("/start link_Abc-123");
        update.Message.Chat.Id.ShouldBe(user.Id);
        update.Message.From!.LanguageCode.ShouldBe("ko");
        update.Message.From.Username.ShouldBe("min_k");
        update.Message.Entities.ShouldNotBeNull().ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Type.ShouldBe(MessageEntityType.BotCommand), e => e.Offset.ShouldBe(0), e => e.Length.ShouldBe(6));
    }

    [Fact]
    public async Task Update_ids_increase_and_an_offset_confirms_earlier_updates()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await user.SendTextAsync("/status");
        await user.SendTextAsync("hello /help@" + telegram.BotUsername);

        var first = await bot.GetUpdates();
        var afterConfirm = await bot.GetUpdates(offset: first[0].Id + 1);
        var limited = await bot.GetUpdates(offset: first[0].Id + 1, limit: 1);

        first.Select(u => u.Id).ShouldBe([first[0].Id, first[0].Id + 1]);
        afterConfirm.ShouldHaveSingleItem().Message!.Entities!.Single().ShouldSatisfyAllConditions(
            e => e.Type.ShouldBe(MessageEntityType.BotCommand), e => e.Offset.ShouldBe(6));
        limited.Length.ShouldBe(1);
        telegram.PendingUpdateCount.ShouldBe(1);
    }

    [Fact]
    public async Task Long_polling_returns_as_soon_as_an_update_arrives()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        var poll = telegram.Bot().GetUpdates(timeout: 50);
        await Eventually.WaitUntilAsync(() => telegram.Counters.GetUpdatesWaiting == 1, "the long poll is waiting", TestSupport.Wait);
        await user.SendTextAsync("hi");
        var updates = await poll.WaitAsync(TestSupport.Wait);

        updates.ShouldHaveSingleItem().Message!.Text.ShouldBe("hi");
    }

    [Fact]
    public async Task A_second_getUpdates_terminates_the_first_with_409_Conflict()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();

        var first = bot.GetUpdates(timeout: 50);
        await Eventually.WaitUntilAsync(() => telegram.Counters.GetUpdatesWaiting == 1, "the long poll is waiting", TestSupport.Wait);
        var second = await bot.GetUpdates();
        var error = await Should.ThrowAsync<ApiRequestException>(() => first.WaitAsync(TestSupport.Wait));

        second.ShouldBeEmpty();
        error.ErrorCode.ShouldBe(409);
        error.Message.ShouldBe("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    }

    [Fact]
    public async Task getUpdates_while_a_webhook_is_set_is_409_Conflict()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var bot = telegram.Bot();
        await bot.SetWebhook("https://bot.example.com/telegram/webhook");

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.GetUpdates());
        await bot.DeleteWebhook();
        await bot.GetUpdates();

        error.ErrorCode.ShouldBe(409);
        error.Message.ShouldStartWith("Conflict: can't use getUpdates method while webhook is active");
    }

    [Fact]
    public async Task Webhook_gets_updates_with_the_secret_header_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var telegram = await TestEmulator.StartAsync(o => o.AllowLoopbackWebhooks = true);
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await bot.SetWebhook(receiver.Url, secretToken: "s3cret_Token-1");

        var first = await user.PressStartAsync("abc");
        await user.SendTextAsync("/status");
        var one = await receiver.NextAsync();
        var two = await receiver.NextAsync();
        await telegram.WaitForAllDeliveredAsync(TestSupport.Wait);

        one.SecretHeader.ShouldBe("s3cret_Token-1");
        var update = JsonSerializer.Deserialize<Update>(one.Body, JsonBotAPI.Options)!;
        update.Id.ShouldBe((int)first);
        update.Message!.Text.ShouldBe("/start abc");
        JsonDocument.Parse(two.Body).RootElement.GetProperty("update_id").GetInt64().ShouldBe(first + 1);
        (await bot.GetWebhookInfo()).ShouldSatisfyAllConditions(i => i.Url.ShouldBe(receiver.Url), i => i.PendingUpdateCount.ShouldBe(0));
        telegram.WebhookSecretToken.ShouldBe("s3cret_Token-1");
        telegram.Counters.WebhookDeliveries.ShouldBe(2);
    }

    [Fact]
    public async Task Webhook_failures_are_retried_until_a_2xx_answer()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var telegram = await TestEmulator.StartAsync(o =>
        {
            o.AllowLoopbackWebhooks = true;
            o.WebhookRetryDelay = TimeSpan.FromMilliseconds(10);
        });
        var user = telegram.CreateUser();
        await telegram.Bot().SetWebhook(receiver.Url);

        var updateId = await user.SendTextAsync("hello");
        var attempts = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };
        await telegram.WaitForDeliveryAsync(updateId, TestSupport.Wait);

        attempts.Select(a => a.AnsweredStatus).ShouldBe([500, 500, 200]);
        attempts.Select(a => a.Body).Distinct().ShouldHaveSingleItem();
        telegram.Counters.WebhookFailures.ShouldBe(2);
        var info = await telegram.Bot().GetWebhookInfo();
        info.LastErrorMessage.ShouldBe("Wrong response from the webhook: 500 Internal Server Error");
    }

    [Fact]
    public async Task Updates_queued_before_setWebhook_go_to_the_webhook_unless_dropped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var telegram = await TestEmulator.StartAsync(o => o.AllowLoopbackWebhooks = true);
        var user = telegram.CreateUser();
        await user.SendTextAsync("before the webhook");

        await telegram.Bot().SetWebhook(receiver.Url);

        (await receiver.NextAsync()).Body.ShouldContain("before the webhook");
    }

    [Theory]
    [InlineData("http://bot.example.com/webhook", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")]
    [InlineData("https://bot.example.com:5001/webhook", "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")]
    [InlineData("http://127.0.0.1:5000/webhook", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")]
    [InlineData("not a url", "Bad Request: bad webhook: invalid webhook URL specified")]
    public async Task Non_https_webhook_urls_are_400(string url, string description)
    {
        await using var telegram = await TestEmulator.StartAsync();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SetWebhook(url));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe(description);
    }

    [Fact]
    public async Task Http_to_loopback_is_accepted_only_when_the_test_opts_in()
    {
        await using var telegram = await TestEmulator.StartAsync(o => o.AllowLoopbackWebhooks = true);

        await telegram.Bot().SetWebhook("http://127.0.0.1:5000/webhook");

        telegram.WebhookUrl.ShouldBe("http://127.0.0.1:5000/webhook");
    }

    [Theory]
    [InlineData("has space", "Bad Request: secret token contains unallowed characters")]
    [InlineData("semi;colon", "Bad Request: secret token contains unallowed characters")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678", "Bad Request: secret token is too long")]
    public async Task A_bad_secret_token_is_400(string secret, string description)
    {
        await using var telegram = await TestEmulator.StartAsync();

        var error = await Should.ThrowAsync<ApiRequestException>(() => telegram.Bot().SetWebhook("https://bot.example.com/hook", secretToken: secret));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe(description);
        telegram.WebhookUrl.ShouldBeNull();
    }

    [Fact]
    public async Task Pressing_a_button_sends_a_callback_query_the_bot_answers()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await bot.SendMessage(user.Id, "Mute Instagram?", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Mute", "mute:instagram")));
        var message = await user.WaitForMessageAsync(TestSupport.Wait);

        var query = await user.PressButtonAsync(message, "mute:instagram");
        var update = (await bot.GetUpdates()).ShouldHaveSingleItem();
        await bot.AnswerCallbackQuery(update.CallbackQuery!.Id, "Muted");
        var answer = await query.WaitForAnswerAsync(TestSupport.Wait);
        var again = await Should.ThrowAsync<ApiRequestException>(() => bot.AnswerCallbackQuery(update.CallbackQuery.Id));

        update.CallbackQuery.Data.ShouldBe("mute:instagram");
        update.CallbackQuery.From.Id.ShouldBe(user.Id);
        update.CallbackQuery.Message!.MessageId.ShouldBe(message.MessageId);
        update.Id.ShouldBe((int)query.UpdateId);
        answer.Text.ShouldBe("Muted");
        again.ErrorCode.ShouldBe(400);
        Should.Throw<InvalidOperationException>(() => user.PressButtonAsync(message, "no-such-button"));
    }

    [Fact]
    public async Task A_callback_query_answered_after_the_timeout_is_refused_as_too_old()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var telegram = await TestEmulator.StartAsync(o => { o.TimeProvider = time; o.CallbackQueryTimeout = TimeSpan.FromSeconds(10); });
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        await bot.SendMessage(user.Id, "Mute?", replyMarkup: new InlineKeyboardMarkup([
            [InlineKeyboardButton.WithCallbackData("Mute", "mute:x")],
            [InlineKeyboardButton.WithCallbackData("Keep", "keep:x")],
        ]));
        var message = await user.WaitForMessageAsync(TestSupport.Wait);

        var late = await user.PressButtonAsync(message, "mute:x");
        late.CreatedAt.ShouldBe(time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(11));
        var onTime = await user.PressButtonAsync(message, "keep:x");
        time.Advance(TimeSpan.FromSeconds(10));

        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.AnswerCallbackQuery(late.Id, "Muted"));
        refused.ErrorCode.ShouldBe(400);
        refused.Message.ShouldBe("Bad Request: query is too old and response timeout expired or query ID is invalid");
        late.Answer.ShouldBeNull();

        await bot.AnswerCallbackQuery(onTime.Id, "Kept");
        (await onTime.WaitForAnswerAsync(TestSupport.Wait)).Text.ShouldBe("Kept");
    }

    [Fact]
    public async Task A_callback_query_timeout_that_is_not_positive_is_refused() =>
        (await Should.ThrowAsync<ArgumentException>(() => TestEmulator.StartAsync(o => o.CallbackQueryTimeout = TimeSpan.Zero)))
            .Message.ShouldContain("CallbackQueryTimeout");

    [Fact]
    public async Task Blocking_and_unblocking_send_my_chat_member_updates()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();

        await user.BlockAsync();
        await user.UnblockAsync();
        var updates = await telegram.Bot().GetUpdates();

        updates.Select(u => u.Type).ShouldBe([UpdateType.MyChatMember, UpdateType.MyChatMember]);
        updates[0].MyChatMember!.NewChatMember.Status.ShouldBe(ChatMemberStatus.Kicked);
        updates[0].MyChatMember!.OldChatMember.Status.ShouldBe(ChatMemberStatus.Member);
        updates[1].MyChatMember!.NewChatMember.Status.ShouldBe(ChatMemberStatus.Member);
        updates[1].MyChatMember!.From.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task Group_upgrade_sends_migration_service_messages()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Team");
        var admin = telegram.CreateUser("Admin");
        var oldId = group.Id;

        var newId = await group.UpgradeToSupergroupAsync(admin);
        var updates = await telegram.Bot().GetUpdates();

        updates.Length.ShouldBe(2);
        updates[0].Message!.ShouldSatisfyAllConditions(m => m.Chat.Id.ShouldBe(oldId), m => m.MigrateToChatId.ShouldBe(newId));
        updates[1].Message!.ShouldSatisfyAllConditions(m => m.Chat.Id.ShouldBe(newId), m => m.MigrateFromChatId.ShouldBe(oldId));
    }

    [Fact]
    public async Task Group_members_send_commands_in_the_group()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Team");
        var member = telegram.CreateUser("Member");

        await group.SendTextAsync(member, "/status@" + telegram.BotUsername);
        var update = (await telegram.Bot().GetUpdates()).ShouldHaveSingleItem();

        update.Message!.Chat.Type.ShouldBe(ChatType.Group);
        update.Message.From!.Id.ShouldBe(member.Id);
        update.Message.Entities!.Single().Length.ShouldBe(("/status@" + telegram.BotUsername).Length);
    }

    [Fact]
    public async Task Raw_updates_are_delivered_verbatim_to_the_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var telegram = await TestEmulator.StartAsync(o => o.AllowLoopbackWebhooks = true);
        await telegram.Bot().SetWebhook(receiver.Url);

        await telegram.SendRawUpdateAsync("{\"update_id\":1,\"not_a_known_type\":{}");

        (await receiver.NextAsync()).Body.ShouldBe("{\"update_id\":1,\"not_a_known_type\":{}");
    }
}
