using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>A team's group: linked through <c>startgroup</c> by an administrator, shared by several accounts, turned off when the bot is removed.</summary>
public sealed class TeamGroupTests
{
    public static TheoryData<TelegramUpdateMode> Modes => new() { TelegramUpdateMode.Webhook, TelegramUpdateMode.Polling };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task An_administrator_links_a_group_through_the_startgroup_link(TelegramUpdateMode mode)
    {
        await using var app = await TelegramTestApp.StartAsync(mode);
        var alice = app.CreateUser();
        var group = app.Emulator.CreateGroup("Launch team", botIsMember: false);
        group.SetMember(alice, EmulatedMemberStatus.Administrator);

        var (status, body) = await app.GetAsync("link-account?target=group", "alice");
        status.ShouldBe(HttpStatusCode.OK);
        var token = body.GetProperty("token").GetString()!;
        body.GetProperty("linking_url").GetString().ShouldBe($"https://t.me/{TelegramTestApp.BotUsername}?startgroup={token}");

        await app.DeliveredAsync(await group.AddBotAsync(alice, token));

        group.HasBot.ShouldBeTrue();
        (await app.NextMessageAsync(group.Id)).Text.ShouldContain("linked", Case.Insensitive);
        var linked = (await app.GetAsync("status", "alice")).Body;
        linked.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();
        linked.GetProperty("telegram_chat_id").GetString().ShouldBe(group.Id.ToString(CultureInfo.InvariantCulture));
        linked.GetProperty("chat_type").GetString().ShouldBe("group");
    }

    [Fact]
    public async Task A_member_who_is_not_an_administrator_cannot_link_the_group_and_the_link_stays_usable()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var owner = app.CreateUser();
        var member = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team", botIsMember: false);
        group.SetMember(owner, EmulatedMemberStatus.Creator);
        group.SetMember(member, EmulatedMemberStatus.Member);
        var token = (await app.GetAsync("link-account?target=group", "owner")).Body.GetProperty("token").GetString()!;

        await app.DeliveredAsync(await group.AddBotAsync(member, token));

        (await app.NextMessageAsync(group.Id)).Text.ShouldContain("Only a group administrator can link this group");
        (await app.GetAsync("status", "owner")).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
        app.Emulator.Counters.GetCalls("getChatMember").ShouldBe(1);

        // the same link, completed by the group's creator, works: the refusal did not use it up
        await app.DeliveredAsync(await group.SendTextAsync(owner, $"/start@{TelegramTestApp.BotUsername} {token}"));
        (await app.NextMessageAsync(group.Id)).Text.ShouldContain("linked", Case.Insensitive);
        (await app.GetAsync("status", "owner")).Body.GetProperty("telegram_chat_id").GetString().ShouldBe(group.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task In_a_group_only_an_administrator_gets_a_link_code()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var admin = app.CreateUser();
        var member = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team");
        group.SetMember(admin, EmulatedMemberStatus.Administrator);
        group.SetMember(member, EmulatedMemberStatus.Member);

        await app.DeliveredAsync(await group.SendTextAsync(member, $"/link@{TelegramTestApp.BotUsername}"));
        var refused = await app.NextMessageAsync(group.Id);
        refused.Text.ShouldContain("Only a group administrator can link this group");
        refused.FindEntity("code").ShouldBeNull();

        await app.DeliveredAsync(await group.SendTextAsync(admin, $"/link@{TelegramTestApp.BotUsername}"));
        var shown = await app.NextMessageAsync(group.Id);
        var code = shown.TextOf(shown.FindEntity("code").ShouldNotBeNull());
        (await app.PostAsync("verify-link", "carol", new { code })).Status.ShouldBe(HttpStatusCode.OK);
        (await app.GetAsync("status", "carol")).Body.GetProperty("telegram_chat_id").GetString().ShouldBe(group.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Two_accounts_linked_to_one_group_both_notify_it()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team", botIsMember: false);
        await LinkAliceAndBobAsync(app, group, alice, bob);
        await app.Emulator.WaitForMessagesAsync(group.Id, 2, TelegramTestApp.Wait);

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        (await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "alice's launch post", "https://example.com/p/1"))).Status.ShouldBe(NotifyStatus.Queued);
        (await notifier.NotifyAsync(new PostPublished("bob", SnsPlatform.Facebook, "bob's launch post", "https://example.com/p/2"))).Status.ShouldBe(NotifyStatus.Queued);

        var messages = await app.Emulator.WaitForMessagesAsync(group.Id, 4, TelegramTestApp.Wait);
        messages.ShouldContain(m => m.Text.Contains("alice's launch post", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Text.Contains("bob's launch post", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Removing_the_bot_from_the_group_turns_off_every_link_to_it()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var group = app.Emulator.CreateGroup("Team", botIsMember: false);
        await LinkAliceAndBobAsync(app, group, alice, bob);

        await app.DeliveredAsync(await group.RemoveBotAsync(bob));

        group.HasBot.ShouldBeFalse();
        foreach (var userId in new[] { "alice", "bob" })
        {
            var status = (await app.GetAsync("status", userId)).Body;
            status.GetProperty("telegram_enabled").GetBoolean().ShouldBeFalse();
            status.GetProperty("telegram_chat_id").GetString().ShouldBe(group.Id.ToString(CultureInfo.InvariantCulture));
        }

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        (await notifier.NotifyAsync(new TestMessage("alice"))).Status.ShouldBe(NotifyStatus.Disabled);
    }

    [Fact]
    public async Task A_forum_gets_each_type_in_its_own_topic_created_on_first_use_and_shared_by_its_accounts()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var forum = app.Emulator.CreateForumGroup("Launch forum", botCanManageTopics: true);
        await LinkAliceAndBobAsync(app, forum, alice, bob);
        await app.Emulator.WaitForMessagesAsync(forum.Id, 2, TelegramTestApp.Wait);

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "first post", "https://example.com/p/1") { PostId = "p1" });
        await app.Emulator.WaitForMessagesAsync(forum.Id, 3, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new PostFailed("alice", SnsPlatform.Instagram, "broken post", "token expired"));
        await app.Emulator.WaitForMessagesAsync(forum.Id, 4, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new PostPublished("bob", SnsPlatform.Facebook, "second post", "https://example.com/p/2") { PostId = "p2" });
        var messages = await app.Emulator.WaitForMessagesAsync(forum.Id, 5, TelegramTestApp.Wait);

        var topics = forum.Topics;
        topics.Values.ShouldBe(["✅ Published posts", "❌ Failed posts"], ignoreOrder: true);
        var published = topics.Single(t => t.Value == "✅ Published posts").Key;
        var failed = topics.Single(t => t.Value == "❌ Failed posts").Key;
        messages.Take(2).ShouldAllBe(m => m.MessageThreadId == null, "the link confirmations are the bot's replies: General");
        messages.Single(m => m.Text.Contains("first post", StringComparison.Ordinal)).MessageThreadId.ShouldBe(published);
        messages.Single(m => m.Text.Contains("broken post", StringComparison.Ordinal)).MessageThreadId.ShouldBe(failed);
        messages.Single(m => m.Text.Contains("second post", StringComparison.Ordinal)).MessageThreadId.ShouldBe(published, "bob's account uses the topic made for alice's");
        app.Emulator.Counters.GetCalls("createForumTopic").ShouldBe(2);
        var links = app.App.Services.GetRequiredService<SnsTelegram.Sdk.Storage.IChatLinkStore>();
        (await links.GetAsync("bob"))!.ForumTopics.ShouldBe(new Dictionary<string, int> { [NotificationTypes.PostSuccess] = published, [NotificationTypes.PostFailure] = failed }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_forum_routed_by_platform_gets_each_networks_posts_in_its_topic_and_the_rest_in_their_types_topics()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, o => o.ForumTopics = ForumTopicRouting.Platform);
        var alice = app.CreateUser();
        var bob = app.CreateUser();
        var forum = app.Emulator.CreateForumGroup("Platforms forum", botCanManageTopics: true);
        await LinkAliceAndBobAsync(app, forum, alice, bob);
        await app.Emulator.WaitForMessagesAsync(forum.Id, 2, TelegramTestApp.Wait);

        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();
        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "insta post", "https://example.com/p/1") { PostId = "p1" });
        await app.Emulator.WaitForMessagesAsync(forum.Id, 3, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new PostFailed("bob", SnsPlatform.Instagram, "insta broken", "token expired"));
        await app.Emulator.WaitForMessagesAsync(forum.Id, 4, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Twitter, "x post", "https://example.com/p/2") { PostId = "p2" });
        await app.Emulator.WaitForMessagesAsync(forum.Id, 5, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new AutomationExecuted("alice", "cross-post rule", [SnsPlatform.Twitter]));
        await app.Emulator.WaitForMessagesAsync(forum.Id, 6, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new AutomationExecuted("alice", "fan-out rule", [SnsPlatform.Instagram, SnsPlatform.Twitter]));
        await app.Emulator.WaitForMessagesAsync(forum.Id, 7, TelegramTestApp.Wait);
        await notifier.NotifyAsync(new TestMessage("alice"));
        var messages = await app.Emulator.WaitForMessagesAsync(forum.Id, 8, TelegramTestApp.Wait);

        var topics = forum.Topics;
        topics.Values.ShouldBe(["📸 Instagram", "🐦 X (Twitter)", "🤖 Automations"], ignoreOrder: true);
        var instagram = topics.Single(t => t.Value == "📸 Instagram").Key;
        var x = topics.Single(t => t.Value == "🐦 X (Twitter)").Key;
        var automations = topics.Single(t => t.Value == "🤖 Automations").Key;
        int? ThreadOf(string text) => messages.Single(m => m.Text.Contains(text, StringComparison.Ordinal)).MessageThreadId;
        ThreadOf("insta post").ShouldBe(instagram);
        ThreadOf("insta broken").ShouldBe(instagram, "a failure about Instagram goes to Instagram's topic too, and bob's account shares it");
        ThreadOf("x post").ShouldBe(x);
        ThreadOf("cross-post rule").ShouldBe(x, "an automation for one network goes to that network's topic");
        ThreadOf("fan-out rule").ShouldBe(automations, "an automation for several networks keeps its type's topic");
        messages[^1].MessageThreadId.ShouldBeNull("the test message goes to General");
        app.Emulator.Counters.GetCalls("createForumTopic").ShouldBe(3);
        var links = app.App.Services.GetRequiredService<SnsTelegram.Sdk.Storage.IChatLinkStore>();
        (await links.GetAsync("bob"))!.ForumTopics.ShouldBe(
            new Dictionary<string, int> { ["platform:instagram"] = instagram, ["platform:twitter"] = x, [NotificationTypes.AutomationExecuted] = automations },
            ignoreOrder: true);
    }

    [Fact]
    public async Task A_deleted_topic_is_forgotten_its_message_goes_to_General_and_the_next_one_creates_it_again()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        var alice = app.CreateUser("ko");
        var forum = app.Emulator.CreateForumGroup("포럼", botCanManageTopics: true);
        forum.SetMember(alice, EmulatedMemberStatus.Creator);
        await app.DeliveredAsync(await forum.AddBotAsync(alice, await GroupTokenAsync(app, "alice")));
        await app.NextMessageAsync(forum.Id);
        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();

        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "one", null) { PostId = "1" });
        var first = await app.NextMessageAsync(forum.Id);
        var topic = forum.Topics.ShouldHaveSingleItem();
        topic.Value.ShouldBe("✅ 게시 완료", "named in the group's language");
        first.MessageThreadId.ShouldBe(topic.Key);

        forum.DeleteTopic(topic.Key).ShouldBeTrue();
        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "two", null) { PostId = "2" });
        var second = await app.NextMessageAsync(forum.Id);
        second.MessageThreadId.ShouldBeNull();
        second.Text.ShouldContain("two");

        await notifier.NotifyAsync(new PostPublished("alice", SnsPlatform.Instagram, "three", null) { PostId = "3" });
        var third = await app.NextMessageAsync(forum.Id);
        var recreated = forum.Topics.ShouldHaveSingleItem();
        recreated.Key.ShouldNotBe(topic.Key);
        third.MessageThreadId.ShouldBe(recreated.Key);
        app.Logs.GetSnapshot().ShouldContain(r => r.Id.Id == 2102);
    }

    [Theory]
    [InlineData(ForumTopicRouting.NotificationType)]
    [InlineData(ForumTopicRouting.Platform)]
    public async Task A_forum_whose_bot_may_not_manage_topics_gets_its_messages_in_the_General_topic(ForumTopicRouting routing)
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, o => o.ForumTopics = routing);
        var alice = app.CreateUser();
        var forum = app.Emulator.CreateForumGroup("Forum", botCanManageTopics: false);
        forum.SetMember(alice, EmulatedMemberStatus.Administrator);
        await app.DeliveredAsync(await forum.AddBotAsync(alice, await GroupTokenAsync(app, "alice")));
        await app.NextMessageAsync(forum.Id);

        await app.App.Services.GetRequiredService<ISnsTelegramNotifier>().NotifyAsync(
            new PostPublished("alice", SnsPlatform.Instagram, "general post", "https://example.com/p/3"));

        var message = await app.NextMessageAsync(forum.Id);
        message.Text.ShouldContain("general post");
        message.MessageThreadId.ShouldBeNull();
        forum.Topics.ShouldBeEmpty();
        app.Emulator.Counters.GetCalls("createForumTopic").ShouldBe(0);
        app.Emulator.Counters.GetCalls("getChatMember").ShouldBe(2, "one check of the sender, one of the bot's rights");
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("")]
    [InlineData("GROUP")]
    public async Task An_unknown_link_target_is_refused(string target)
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);

        var (status, body) = await app.GetAsync("link-account?target=" + target, "alice");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("message").GetString().ShouldBe("target must be private or group.");
    }

    /// <summary>Alice (the creator) adds the bot with her group link; Bob (an administrator) links his account there too.</summary>
    private static async Task LinkAliceAndBobAsync(TelegramTestApp app, EmulatedGroup group, EmulatedUser alice, EmulatedUser bob)
    {
        group.SetMember(alice, EmulatedMemberStatus.Creator);
        group.SetMember(bob, EmulatedMemberStatus.Administrator);
        await app.DeliveredAsync(await group.AddBotAsync(alice, await GroupTokenAsync(app, "alice")));
        await app.DeliveredAsync(await group.SendTextAsync(bob, $"/start@{TelegramTestApp.BotUsername} {await GroupTokenAsync(app, "bob")}"));
    }

    private static async Task<string> GroupTokenAsync(TelegramTestApp app, string userId)
    {
        var (status, body) = await app.GetAsync("link-account?target=group", userId);
        status.ShouldBe(HttpStatusCode.OK);
        return body.GetProperty("token").GetString()!;
    }
}
