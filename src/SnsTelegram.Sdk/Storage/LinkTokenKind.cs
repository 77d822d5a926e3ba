namespace SnsTelegram.Sdk.Storage;

/// <summary>What a link token is for.</summary>
public enum LinkTokenKind
{
    /// <summary>Issued to a signed-in user for a deep link; redeemed by <c>/start &lt;token&gt;</c> in a chat.</summary>
    DeepLink,

    /// <summary>Shown by the bot in a chat; redeemed by the signed-in user through <c>verify-link</c>.</summary>
    ChatCode,
}
