namespace SnsTelegram.Sdk.Formatting;

/// <summary>A parsed callback: the action and its argument (a notification type or a post id; null for <c>stop</c>).</summary>
internal readonly record struct CallbackCommand(CallbackAction Action, string? Argument);
