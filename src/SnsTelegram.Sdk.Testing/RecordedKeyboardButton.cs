namespace SnsTelegram.Sdk.Testing;

/// <summary>A button of a reply keyboard (<c>ReplyKeyboardMarkup</c>), shown under the user's input field.</summary>
/// <param name="Text">The label (what the user sends when the button only sends text).</param>
/// <param name="RequestLocation">Whether pressing it sends the user's location (<c>request_location</c>; private chats only).</param>
public sealed record RecordedKeyboardButton(string Text, bool RequestLocation);
