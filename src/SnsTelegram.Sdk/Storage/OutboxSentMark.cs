namespace SnsTelegram.Sdk.Storage;

/// <summary>One mark of <see cref="IOutboxStore.MarkSentManyAsync"/>: a leased message was sent.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="LeaseId">The lease the send was made under; the mark applies only while it is held.</param>
/// <param name="SentAt">When Telegram took the message.</param>
/// <param name="TelegramMessageId">Telegram's id of the sent message, when it gave one.</param>
public readonly record struct OutboxSentMark(long Id, string LeaseId, DateTimeOffset SentAt, long? TelegramMessageId);
