using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace SnsTelegram.Sdk.OpenTelemetry;

/// <summary>
/// Masks anything shaped like a Telegram bot token (<c>123456:ABC…</c>, also with the colon URL-encoded) in every span
/// that ends: its name, its string attributes and its status description. The Bot API puts the token in every request
/// path (<c>/bot&lt;token&gt;/sendMessage</c>), so an HTTP client span would otherwise export it in <c>url.full</c>.
/// </summary>
/// <remarks>
/// <c>AddSnsTelegramInstrumentation()</c> adds it to the tracer provider. Processors run in the order they are added, so
/// add the instrumentation before any exporter, or the exporter may see a span before it is masked. Span events (an
/// exception's message, for one) cannot be changed once recorded and are not masked.
/// </remarks>
public sealed partial class BotTokenRedactingProcessor : BaseProcessor<Activity>
{
    /// <summary>What a token is replaced with.</summary>
    public const string Mask = "<redacted>";

    /// <summary>Masks the tokens in <paramref name="text"/>; the same instance when there is none.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text with every token-shaped part replaced by <see cref="Mask"/>.</returns>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TokenPattern().IsMatch(text) ? TokenPattern().Replace(text, Mask) : text;
    }

    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = Redact(data.DisplayName);
        if (!ReferenceEquals(name, data.DisplayName))
        {
            data.DisplayName = name;
        }

        if (data.StatusDescription is { } description && Redact(description) is var masked && !ReferenceEquals(masked, description))
        {
            data.SetStatus(data.Status, masked);
        }

        List<KeyValuePair<string, string>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            var text = tag.Value switch
            {
                string s => s,
                Uri uri => uri.OriginalString,
                _ => null,
            };
            if (text is not null && Redact(text) is var redacted && !ReferenceEquals(redacted, text))
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        if (changed is not null)
        {
            foreach (var (key, value) in changed)
            {
                data.SetTag(key, value);
            }
        }
    }

    [GeneratedRegex("[0-9]{1,20}(?::|%3[Aa])[A-Za-z0-9_-]{30,64}")]
    private static partial Regex TokenPattern();
}
