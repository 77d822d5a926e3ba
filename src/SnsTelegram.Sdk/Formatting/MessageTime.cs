namespace SnsTelegram.Sdk.Formatting;

/// <summary>How times appear in messages.</summary>
internal static class MessageTime
{
    /// <summary>Writes <c>yyyy-MM-dd HH:mm (UTC±hh:mm)</c> (or <c>(UTC)</c> at offset zero) of the instant in the zone.</summary>
    public static int Format(DateTimeOffset instant, TimeZoneInfo zone, Span<char> destination)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var written = 0;
        Digits(local.Year, 4, destination, ref written);
        destination[written++] = '-';
        Digits(local.Month, 2, destination, ref written);
        destination[written++] = '-';
        Digits(local.Day, 2, destination, ref written);
        destination[written++] = ' ';
        Digits(local.Hour, 2, destination, ref written);
        destination[written++] = ':';
        Digits(local.Minute, 2, destination, ref written);
        var offset = local.Offset;
        if (offset == TimeSpan.Zero)
        {
            " (UTC)".AsSpan().CopyTo(destination[written..]);
            return written + 6;
        }

        " (UTC".AsSpan().CopyTo(destination[written..]);
        written += 5;
        destination[written++] = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        Digits((int)abs.TotalHours, 2, destination, ref written);
        destination[written++] = ':';
        Digits(abs.Minutes, 2, destination, ref written);
        destination[written++] = ')';
        return written;
    }

    private static void Digits(int value, int width, Span<char> destination, ref int written)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[written + i] = (char)('0' + (value % 10));
            value /= 10;
        }

        written += width;
    }

    /// <summary>The formatted instant as a string.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone)
    {
        Span<char> buffer = stackalloc char[40];
        return new string(buffer[..Format(instant, zone, buffer)]);
    }
}
