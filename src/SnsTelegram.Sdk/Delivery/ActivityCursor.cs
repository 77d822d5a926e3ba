using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The opaque <c>before</c> cursor of the paged lists (a user's notifications, the dead letters): the outbox id the next
/// page starts below, as base64url text, so a client passes it back unchanged and never builds one.
/// </summary>
internal static class ActivityCursor
{
    public static string Encode(long id) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("o" + id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The id in <paramref name="cursor"/>; false when it is not a cursor this API gave out.</summary>
    public static bool TryDecode(string cursor, out long id)
    {
        id = 0;
        if (cursor.Length is 0 or > 32 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith('o')
            && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }
}
