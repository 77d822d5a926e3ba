namespace SnsTelegram.Sdk.Formatting;

/// <summary>How numbers appear in messages: digits grouped by three (<c>1,234,567</c>), the same on every machine.</summary>
internal static class MessageNumbers
{
    /// <summary>Writes <paramref name="value"/> with <paramref name="separator"/> between groups of three digits.</summary>
    public static int Format(long value, string separator, Span<char> destination)
    {
        Span<char> digits = stackalloc char[20];
        var count = 0;
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        do
        {
            digits[count++] = (char)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);

        var written = 0;
        if (value < 0)
        {
            destination[written++] = '-';
        }

        for (var i = count - 1; i >= 0; i--)
        {
            destination[written++] = digits[i];
            if (i > 0 && i % 3 == 0)
            {
                separator.AsSpan().CopyTo(destination[written..]);
                written += separator.Length;
            }
        }

        return written;
    }
}
