namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// A row read with its chat id decrypted, or, when the chat id is under a data key this instance has not read yet
/// (another instance rotated), the encrypted value to decrypt after reading the keys again (<see cref="RelationalDatabase.RevealAsync"/>).
/// </summary>
/// <typeparam name="T">The row.</typeparam>
/// <param name="Row">The row; its chat id is 0 when <paramref name="PendingChatId"/> is set.</param>
/// <param name="PendingChatId">The encrypted chat id still to decrypt, or null.</param>
internal readonly record struct ChatIdRow<T>(T Row, string? PendingChatId);
