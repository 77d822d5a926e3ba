namespace SnsTelegram.Sdk.Testing;

/// <summary>A callback query a simulated user created by pressing an inline button.</summary>
public sealed class EmulatedCallbackQuery
{
    private readonly TaskCompletionSource<CallbackQueryAnswer> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal EmulatedCallbackQuery(string id, string data, long chatId, int messageId, DateTimeOffset createdAt)
    {
        Id = id;
        Data = data;
        ChatId = chatId;
        MessageId = messageId;
        CreatedAt = createdAt;
    }

    /// <summary>When the button was pressed (on the emulator's clock).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The callback query id the bot answers with <c>answerCallbackQuery</c>.</summary>
    public string Id { get; }

    /// <summary>The id of the update that carries the query.</summary>
    public long UpdateId { get; internal set; }

    /// <summary>The button's callback data.</summary>
    public string Data { get; }

    /// <summary>The chat of the message with the button.</summary>
    public long ChatId { get; }

    /// <summary>The message with the button.</summary>
    public int MessageId { get; }

    /// <summary>The bot's answer, or <see langword="null"/> while it has not answered.</summary>
    public CallbackQueryAnswer? Answer => _answer.Task.IsCompletedSuccessfully ? _answer.Task.Result : null;

    /// <summary>Waits for the bot's <c>answerCallbackQuery</c>.</summary>
    /// <exception cref="TimeoutException">The bot did not answer in time.</exception>
    public async Task<CallbackQueryAnswer> WaitForAnswerAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _answer.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The bot did not answer callback query {Id} within {timeout}.");
        }
    }

    internal bool TryAnswer(CallbackQueryAnswer answer) => _answer.TrySetResult(answer);
}
