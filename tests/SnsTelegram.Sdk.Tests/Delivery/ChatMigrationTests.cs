using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Linking;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>
/// A group that became a supergroup is followed the same way whoever learns of it first, the bot (an update with
/// <c>migrate_to_chat_id</c> or <c>migrate_from_chat_id</c>) or delivery (Telegram's answer to a send): links, pending
/// messages and the rate limiter's state all move.
/// </summary>
public sealed class ChatMigrationTests
{
    private const long Group = -300;
    private const long Supergroup = -1001234567890;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_migration_seen_by_the_bot_moves_links_pending_messages_and_the_limiter_state(bool fromTheSupergroupsFirstMessage)
    {
        await using var host = new LinkingTestHost(o => { o.Delivery.GlobalMessagesPerSecond = 0; o.Delivery.GroupMessagesPerMinute = 20; });
        await host.SendTextAsync(Group, "/start@sns_test_bot " + await host.IssueTokenAsync("user-1"), chatType: ChatType.Group);
        var notifier = host.Get<ISnsTelegramNotifier>();
        var queued = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            queued.Add((await notifier.NotifyAsync(new TestMessage("user-1") { IdempotencyKey = $"k{i}" })).OutboxId!.Value);
        }

        var limiter = host.Get<DeliveryRateLimiter>();
        UseUpTheMinute(limiter, Group, used: 1); // the link confirmation took one

        // The old group's last message carries migrate_to_chat_id; the new supergroup's first, migrate_from_chat_id.
        var update = fromTheSupergroupsFirstMessage
            ? LinkingTestHost.TextUpdate(host.NextUpdateId(), Supergroup, "x", chatType: ChatType.Supergroup)
            : LinkingTestHost.TextUpdate(host.NextUpdateId(), Group, "x", chatType: ChatType.Group);
        update.Message!.Text = null;
        if (fromTheSupergroupsFirstMessage)
        {
            update.Message.MigrateFromChatId = Group;
        }
        else
        {
            update.Message.MigrateToChatId = Supergroup;
        }

        (await host.Router.HandleAsync(update, CancellationToken.None)).ShouldBe(UpdateOutcome.Handled);

        var link = (await host.Links.GetAsync("user-1")).ShouldNotBeNull();
        link.ChatId.ShouldBe(Supergroup);
        link.ChatType.ShouldBe(TelegramChatType.Supergroup);
        var outbox = host.Get<IOutboxStore>();
        foreach (var id in queued)
        {
            var message = (await outbox.GetAsync(id)).ShouldNotBeNull();
            message.ChatId.ShouldBe(Supergroup, "a pending message follows the group");
            message.State.ShouldBe(OutboxState.Pending);
        }

        limiter.TryAcquire(Group, TelegramChatType.Group, out _).ShouldBe(TimeSpan.Zero, "the old group's window is forgotten");
    }

    [Fact]
    public async Task A_migration_Telegram_answers_to_a_queued_send_moves_links_pending_messages_and_the_limiter_state()
    {
        await using var h = DeliveryHarness.Create(o => o.Delivery.GroupMessagesPerMinute = 20, s => s.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>());
        await h.LinkAsync("team", Group, type: TelegramChatType.Group);
        h.Gateway.Script = (chat, _) => chat == Group ? new SendOutcome(SendOutcomeKind.Migrated, "upgraded") { MigrateToChatId = Supergroup } : null;
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await h.Notifier.NotifyAsync(new TestMessage("team") { IdempotencyKey = $"k{i}" })).OutboxId!.Value);
        }

        // the group has one send left this minute: the one Telegram answers with the migration
        var limiter = h.Services.GetRequiredService<DeliveryRateLimiter>();
        UseUpTheMinute(limiter, Group, leave: 1);
        await h.StartAsync();
        foreach (var id in ids)
        {
            await h.WaitForStateAsync(id, OutboxState.Sent);
        }

        h.Gateway.Calls.Count(c => c.ChatId == Group).ShouldBe(1);
        h.Gateway.Delivered.ShouldBe([(Supergroup, "test:team:k0"), (Supergroup, "test:team:k1"), (Supergroup, "test:team:k2")]);
        var link = (await h.Links.GetAsync("team")).ShouldNotBeNull();
        link.ChatId.ShouldBe(Supergroup);
        link.ChatType.ShouldBe(TelegramChatType.Supergroup);
        limiter.TryAcquire(Group, TelegramChatType.Group, out _).ShouldBe(TimeSpan.Zero, "the old group's window is forgotten");
    }

    [Fact]
    public async Task A_direct_send_to_a_group_that_migrated_reaches_the_supergroup_after_the_groups_earlier_messages()
    {
        await using var h = DeliveryHarness.Create();
        await h.StartAsync();
        await h.LinkAsync("team", Group, type: TelegramChatType.Group);
        h.Gateway.Script = (chat, _) => chat == Group ? new SendOutcome(SendOutcomeKind.Migrated, "upgraded") { MigrateToChatId = Supergroup } : null;
        var queued = (await h.Notifier.NotifyAsync(new TestMessage("team") { IdempotencyKey = "queued" })).OutboxId!.Value;

        var result = await h.Services.GetRequiredService<ITelegramDirectSender>().SendNowAsync("team", new TestMessage("team"));

        result.Status.ShouldBe(DirectSendStatus.Sent);
        h.Gateway.Delivered.Select(d => d.ChatId).ShouldBe([Supergroup, Supergroup], "the queued message first, then the direct one, both to the new id");
        (await h.Links.GetAsync("team")).ShouldNotBeNull().ChatId.ShouldBe(Supergroup);
        var first = await h.MessageAsync(queued);
        first.ChatId.ShouldBe(Supergroup);
        first.State.ShouldBe(OutboxState.Sent);
    }

    [Theory]
    [InlineData(-300, -1001234567890, true)]
    [InlineData(-999_999_999_999, -1_000_000_000_001, true)]
    [InlineData(1101, 1102, false)]
    [InlineData(-300, 1102, false)]
    [InlineData(1101, -1001234567890, false)]
    [InlineData(-300, -300, false)]
    [InlineData(-300, -1_000_000_000_000, false)]
    [InlineData(-1001234567890, -1009876543210, false)]
    [InlineData(0, -1001234567890, false)]
    [InlineData(-300, -301, false)]
    public void Only_a_basic_groups_move_to_a_supergroup_id_is_a_migration(long from, long to, bool allowed) =>
        ChatMigration.IsGroupToSupergroup(from, to).ShouldBe(allowed);

    /// <summary>Takes a group's per-minute sends until <paramref name="leave"/> are left, <paramref name="used"/> being taken already.</summary>
    private static void UseUpTheMinute(DeliveryRateLimiter limiter, long chatId, int leave = 0, int used = 0)
    {
        for (var i = 0; i < 20 - leave - used; i++)
        {
            limiter.TryAcquire(chatId, TelegramChatType.Group, out var lease).ShouldBe(TimeSpan.Zero);
            limiter.Complete(lease);
        }

        if (leave == 0)
        {
            limiter.TryAcquire(chatId, TelegramChatType.Group, out _).ShouldBeGreaterThan(TimeSpan.Zero, "the minute is used up");
        }
    }
}
