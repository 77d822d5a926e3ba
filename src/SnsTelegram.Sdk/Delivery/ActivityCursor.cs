using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The opaque <c>before</c> cursor of the paged lists, as base64url text, so a client passes it back unchanged and never
/// builds one: for the dead letters the outbox id the next page starts below; for a user's activity log the
/// <see cref="ActivityPosition"/> (an outbox id and a note id).
/// </summary>
internal static class ActivityCursor
{
    public static string Encode(long id) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("o" + id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The id in <paramref name="cursor"/>; false when it is not a cursor this API gave out.</summary>
    public static bool TryDecode(string cursor, out long id)
    {
        id = 0;
        return TryText(cursor, out var text)
            && text.StartsWith('o')
            && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }

    /// <summary>The cursor of an activity log page: <c>o&lt;outbox id&gt;n&lt;note id&gt;</c>, either id left out when null.</summary>
    public static string Encode(ActivityPosition position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"o{position.OutboxBefore}n{position.NoteBefore}")));

    /// <summary>
    /// The position in an activity log cursor (or in a cursor of <see cref="Encode(long)"/>, from before the log listed
    /// notes: below that outbox id, notes from the newest); false when it is not a cursor this API gave out.
    /// </summary>
    public static bool TryDecodePosition(string cursor, out ActivityPosition position)
    {
        position = default;
        if (!TryText(cursor, out var text) || !text.StartsWith('o'))
        {
            return false;
        }

        var n = text.IndexOf('n', StringComparison.Ordinal);
        var outbox = n < 0 ? text.AsSpan(1) : text.AsSpan(1, n - 1);
        var note = n < 0 ? [] : text.AsSpan(n + 1);
        if (!TryId(outbox, out var outboxBefore) || !TryId(note, out var noteBefore) || (n < 0 && outboxBefore is null))
        {
            return false;
        }

        position = new ActivityPosition(outboxBefore, noteBefore);
        return true;
    }

    private static bool TryId(ReadOnlySpan<char> digits, out long? id)
    {
        id = null;
        if (digits.IsEmpty)
        {
            return true;
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        id = value;
        return true;
    }

    private static bool TryText(string cursor, out string text)
    {
        text = string.Empty;
        if (cursor.Length is 0 or > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return true;
    }
}
