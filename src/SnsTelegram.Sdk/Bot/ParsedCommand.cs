namespace SnsTelegram.Sdk.Bot;

/// <summary>A parsed command: its lower-case name (without <c>/</c> and <c>@bot</c>) and the rest of the line.</summary>
internal readonly record struct ParsedCommand(BotCommandKind Kind, string Command, string? Argument, bool AddressedToUs);
