using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Testing.Tests;

/// <summary>Groups as the bot sees them: startgroup, members and their rights, the bot's removal, forum topics.</summary>
public sealed class GroupAndForumTests
{
    [Fact]
    public async Task A_member_adding_the_bot_with_a_payload_sends_a_membership_update_and_the_start_command()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Team", botIsMember: false);
        var admin = telegram.CreateUser("Admin");
        group.HasBot.ShouldBeFalse();

        var updateId = await group.AddBotAsync(admin, "tok_123-abc");
        var updates = await telegram.Bot().GetUpdates();

        group.HasBot.ShouldBeTrue();
        updates.Length.ShouldBe(2);
        updates[0].MyChatMember!.ShouldSatisfyAllConditions(
            m => m.Chat.Id.ShouldBe(group.Id),
            m => m.From.Id.ShouldBe(admin.Id),
            m => m.OldChatMember.Status.ShouldBe(ChatMemberStatus.Left),
            m => m.NewChatMember.Status.ShouldBe(ChatMemberStatus.Member),
            m => m.NewChatMember.User.Id.ShouldBe(telegram.BotId));
        updates[1].Id.ShouldBe((int)updateId);
        updates[1].Message!.ShouldSatisfyAllConditions(
            m => m.Chat.Type.ShouldBe(ChatType.Group),
            m => m.From!.Id.ShouldBe(admin.Id),
            m => m.Text.ShouldBe($"/start@{telegram.BotUsername} tok_123-abc"));
    }

    [Fact]
    public async Task getChatMember_answers_each_persons_status_and_the_bots_own()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Team");
        var owner = telegram.CreateUser("Owner");
        var admin = telegram.CreateUser("Admin");
        var member = telegram.CreateUser("Member");
        var stranger = telegram.CreateUser("Stranger");
        group.SetMember(owner, EmulatedMemberStatus.Creator);
        group.SetMember(admin, EmulatedMemberStatus.Administrator);
        await group.SendTextAsync(member, "hello");
        var bot = telegram.Bot();

        (await bot.GetChatMember(group.Id, owner.Id)).ShouldBeOfType<ChatMemberOwner>().User.Id.ShouldBe(owner.Id);
        (await bot.GetChatMember(group.Id, admin.Id)).ShouldBeOfType<ChatMemberAdministrator>().CanManageTopics.ShouldBeFalse();
        (await bot.GetChatMember(group.Id, member.Id)).ShouldBeOfType<ChatMemberMember>();
        (await bot.GetChatMember(group.Id, stranger.Id)).ShouldBeOfType<ChatMemberLeft>();
        (await bot.GetChatMember(group.Id, telegram.BotId)).ShouldBeOfType<ChatMemberMember>().User.IsBot.ShouldBeTrue();
        (await Should.ThrowAsync<ApiRequestException>(() => bot.GetChatMember(group.Id, 987_654_321))).Message.ShouldBe("Bad Request: user not found");
        (await Should.ThrowAsync<ApiRequestException>(() => bot.GetChatMember(-1, owner.Id))).Message.ShouldBe("Bad Request: chat not found");
    }

    [Fact]
    public async Task A_group_that_removed_the_bot_refuses_its_messages_with_403()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var group = telegram.CreateGroup("Team");
        var admin = telegram.CreateUser("Admin");
        var bot = telegram.Bot();
        await bot.SendMessage(group.Id, "before");

        await group.RemoveBotAsync(admin);
        var update = (await bot.GetUpdates()).ShouldHaveSingleItem();

        update.MyChatMember!.ShouldSatisfyAllConditions(
            m => m.Chat.Id.ShouldBe(group.Id),
            m => m.NewChatMember.Status.ShouldBe(ChatMemberStatus.Left));
        var refused = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(group.Id, "after"));
        refused.ErrorCode.ShouldBe(403);
        refused.Message.ShouldBe("Forbidden: bot was kicked from the group chat");
        (await bot.GetChatMember(group.Id, telegram.BotId)).ShouldBeOfType<ChatMemberLeft>();
        await Should.ThrowAsync<InvalidOperationException>(() => group.SendTextAsync(admin, "anyone there?"));
    }

    [Fact]
    public async Task A_forum_creates_topics_and_records_the_topic_of_each_message()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var forum = telegram.CreateForumGroup("Launch forum");
        var bot = telegram.Bot();

        var chat = await bot.GetChat(forum.Id);
        var topic = await bot.CreateForumTopic(forum.Id, "Published posts");
        var inTopic = await bot.SendMessage(forum.Id, "in the topic", messageThreadId: topic.MessageThreadId);
        var inGeneral = await bot.SendMessage(forum.Id, "in General");

        chat.IsForum.ShouldBeTrue();
        chat.Type.ShouldBe(ChatType.Supergroup);
        (await bot.GetChatMember(forum.Id, telegram.BotId)).ShouldBeOfType<ChatMemberAdministrator>().CanManageTopics.ShouldBeTrue();
        topic.Name.ShouldBe("Published posts");
        forum.Topics.ShouldBe(new Dictionary<int, string> { [topic.MessageThreadId] = "Published posts" });
        inTopic.MessageThreadId.ShouldBe(topic.MessageThreadId);
        inTopic.IsTopicMessage.ShouldBeTrue();
        inGeneral.MessageThreadId.ShouldBeNull();
        forum.Messages.Select(m => m.MessageThreadId).ShouldBe([topic.MessageThreadId, null]);
        (await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(forum.Id, "lost", messageThreadId: 999))).Message.ShouldBe("Bad Request: message thread not found");
        forum.DeleteTopic(topic.MessageThreadId).ShouldBeTrue();
        (await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(forum.Id, "deleted", messageThreadId: topic.MessageThreadId))).Message.ShouldBe("Bad Request: message thread not found");
        forum.DeleteTopic(topic.MessageThreadId).ShouldBeFalse();
    }

    [Fact]
    public async Task Telegram_refuses_topics_to_a_bot_without_the_right_and_in_a_chat_that_is_not_a_forum()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var forum = telegram.CreateForumGroup("Forum", botCanManageTopics: false);
        var group = telegram.CreateGroup("Plain group");
        var bot = telegram.Bot();

        (await Should.ThrowAsync<ApiRequestException>(() => bot.CreateForumTopic(forum.Id, "Failures"))).Message.ShouldBe("Bad Request: not enough rights to create a topic");
        (await Should.ThrowAsync<ApiRequestException>(() => bot.CreateForumTopic(group.Id, "Failures"))).Message.ShouldBe("Bad Request: the chat is not a forum");
        (await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(group.Id, "x", messageThreadId: 5))).Message.ShouldBe("Bad Request: message thread not found");
        (await bot.GetChatMember(forum.Id, telegram.BotId)).ShouldBeOfType<ChatMemberAdministrator>().CanManageTopics.ShouldBeFalse();
        forum.Topics.ShouldBeEmpty();
    }
}
