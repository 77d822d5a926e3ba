using System.Globalization;
using Microsoft.AspNetCore.Http;
using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The <c>limit</c> and <c>before</c> query parameters of <c>GET notifications</c>, read strictly.</summary>
internal static class PageQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The page asked for, or the message of a 400.</summary>
    public static string? TryRead(IQueryCollection query, out int limit, out ActivityPosition? before)
    {
        limit = DefaultLimit;
        before = null;
        foreach (var (name, values) in query)
        {
            if (values.Count != 1)
            {
                return $"The query parameter '{name}' must be given once.";
            }

            var value = values[0] ?? string.Empty;
            switch (name)
            {
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
                    {
                        return $"limit must be a whole number from 1 to {MaxLimit}.";
                    }

                    break;
                case "before":
                    if (!ActivityCursor.TryDecodePosition(value, out var position))
                    {
                        return "before must be the next_before value of an earlier page.";
                    }

                    before = position;
                    break;
                default:
                    return "Only the query parameters limit and before are accepted.";
            }
        }

        return null;
    }
}
