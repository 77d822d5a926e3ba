using System.Text.Json;

namespace SnsTelegram.Sdk;

/// <summary>
/// Whether the strings of a JSON document can be read as text. <see cref="JsonDocument"/> parses strings lazily, so
/// broken UTF-8 and escapes that leave a lone surrogate (<c>"\ud800"</c>) only throw when a string is read; every
/// reader of outside JSON checks here first and refuses with its own clear error instead.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// Whether every property name and string value under <paramref name="element"/> is readable and, unless
    /// <paramref name="allowControlCharacters"/>, holds no control characters other than tab, line feed and carriage return.
    /// </summary>
    public static bool IsReadable(JsonElement element, bool allowControlCharacters)
    {
        try
        {
            return Visit(element, allowControlCharacters);
        }
        catch (InvalidOperationException)
        {
            // GetString and Name throw on invalid UTF-8 and on a lone surrogate escape
            return false;
        }
    }

    /// <summary>Text without control characters other than tab, line feed and carriage return.</summary>
    public static bool HasNoControlCharacters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Visit(JsonElement element, bool allowControl)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                return allowControl || HasNoControlCharacters(text);
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Visit(item, allowControl))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if ((!allowControl && !HasNoControlCharacters(name)) || !Visit(property.Value, allowControl))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
