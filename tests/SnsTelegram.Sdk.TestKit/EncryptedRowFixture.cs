using System.Globalization;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// The rows the encryption-at-rest tests of both SQL providers write and look for: links, a chat code and outbox
/// messages of two chats, all at one instant, so a test can check that no chat id is stored in the clear.
/// </summary>
public static class EncryptedRowFixture
{
    /// <summary>The instant every row is written at.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>alice and bob linked to <paramref name="group"/>, carol to <paramref name="other"/>, a chat code of <paramref name="group"/>, and m1 (to <paramref name="group"/>) and m2 (to <paramref name="other"/>) queued.</summary>
    public static async Task WriteRowsAsync(IChatLinkStore links, ILinkTokenStore tokens, IOutboxStore outbox, long group, long other)
    {
        await links.LinkAsync(Link("alice", group), exclusiveChat: false);
        await links.LinkAsync(Link("bob", group), exclusiveChat: false);
        await links.LinkAsync(Link("carol", other), exclusiveChat: true);
        await tokens.AddAsync(new LinkTokenRecord
        {
            TokenHash = "code",
            Kind = LinkTokenKind.ChatCode,
            ChatId = group,
            ChatType = TelegramChatType.Supergroup,
            CreatedAt = T0,
            ExpiresAt = T0.AddMinutes(10),
        });
        await outbox.EnqueueAsync(Message("m1", group));
        await outbox.EnqueueAsync(Message("m2", other));
    }

    /// <summary>A message due at <see cref="T0"/>.</summary>
    public static OutboxMessage Message(string key, long chat) => OutboxMessages.Due(key, chat) with { CreatedAt = T0, DueAt = T0 };

    /// <summary>A supergroup link made at <see cref="T0"/>.</summary>
    public static ChatLink Link(string user, long chat) =>
        new() { UserId = user, ChatId = chat, ChatType = TelegramChatType.Supergroup, LinkedAt = T0 };

    /// <summary>The chat id's digits without a sign, as they would appear in a row or a file in the clear.</summary>
    public static string Digits(long chatId) => Math.Abs(chatId).ToString(CultureInfo.InvariantCulture);
}
