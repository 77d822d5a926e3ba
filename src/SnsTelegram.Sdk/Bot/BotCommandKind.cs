namespace SnsTelegram.Sdk.Bot;

/// <summary>How a message's text relates to the bot's commands.</summary>
internal enum BotCommandKind
{
    /// <summary>Plain text.</summary>
    NotCommand,

    /// <summary>A command (<c>/cmd</c> or <c>/cmd@ThisBot</c>).</summary>
    Command,

    /// <summary>A command addressed to another bot (<c>/cmd@OtherBot</c>).</summary>
    OtherBot,
}
