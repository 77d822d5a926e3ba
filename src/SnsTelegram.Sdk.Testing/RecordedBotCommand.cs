namespace SnsTelegram.Sdk.Testing;

/// <summary>A command the bot registered with <c>setMyCommands</c>.</summary>
/// <param name="Command">The command without the slash.</param>
/// <param name="Description">The description.</param>
public sealed record RecordedBotCommand(string Command, string Description);
