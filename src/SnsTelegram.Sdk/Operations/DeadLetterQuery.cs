using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>
/// The dead-letter filter of the admin endpoints, from the query string: <c>type</c>, <c>reason</c>, <c>user</c>,
/// <c>from</c> and <c>to</c> (ISO 8601 instants with an offset, compared with the creation time), and for the list also
/// <c>limit</c> (1–100, default 20) and <c>before</c> (the cursor of the previous page). Anything else is refused.
/// </summary>
internal sealed record DeadLetterQuery(OutboxFilter Filter, int Limit, long? BeforeId)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Whether the filter names anything beyond the dead-letter state.</summary>
    public bool IsNarrowed => Filter.NotificationType is not null || Filter.Reason is not null || Filter.UserId is not null
        || Filter.CreatedFrom is not null || Filter.CreatedBefore is not null;

    /// <summary>The filter (and, with <paramref name="paged"/>, the page) asked for, or the message of a 400.</summary>
    public static string? TryRead(IQueryCollection query, bool paged, out DeadLetterQuery result)
    {
        var filter = new OutboxFilter { State = OutboxState.DeadLettered };
        var limit = DefaultLimit;
        long? before = null;
        result = new DeadLetterQuery(filter, limit, before);
        foreach (var (name, values) in query)
        {
            if (values.Count != 1)
            {
                return $"The query parameter '{name}' must be given once.";
            }

            var value = values[0] ?? string.Empty;
            switch (name)
            {
                case "type" or "reason" or "user" when value.Length is 0 or > 128 || value.Any(char.IsControl):
                    return $"{name} must be 1 to 128 characters without control characters.";
                case "type":
                    filter = filter with { NotificationType = value };
                    break;
                case "reason":
                    filter = filter with { Reason = value };
                    break;
                case "user":
                    filter = filter with { UserId = value };
                    break;
                case "from" or "to":
                    if (!DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                        || !HasOffset(value))
                    {
                        return $"{name} must be an ISO 8601 instant with a time zone, such as 2026-03-01T09:00:00Z.";
                    }

                    filter = name == "from" ? filter with { CreatedFrom = at } : filter with { CreatedBefore = at };
                    break;
                case "limit" when paged:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
                    {
                        return $"limit must be a whole number from 1 to {MaxLimit}.";
                    }

                    break;
                case "before" when paged:
                    if (!ActivityCursor.TryDecode(value, out var id))
                    {
                        return "before must be the next_before value of an earlier page.";
                    }

                    before = id;
                    break;
                default:
                    return paged
                        ? "Only the query parameters type, reason, user, from, to, limit and before are accepted."
                        : "Only the query parameters type, reason, user, from and to are accepted.";
            }
        }

        if (filter.CreatedFrom is { } start && filter.CreatedBefore is { } end && end <= start)
        {
            return "to must be later than from.";
        }

        result = new DeadLetterQuery(filter, limit, before);
        return null;
    }

    /// <summary>The filter for a log line: the criteria that are set.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        Append(text, "type", Filter.NotificationType);
        Append(text, "reason", Filter.Reason);
        Append(text, "user", Filter.UserId);
        Append(text, "from", Filter.CreatedFrom is { } from ? WireFormat.Timestamp(from) : null);
        Append(text, "to", Filter.CreatedBefore is { } to ? WireFormat.Timestamp(to) : null);
        return text.Length == 0 ? "all" : text.ToString();
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(name).Append('=').Append(value);
        }
    }

    private static bool HasOffset(string value) =>
        value.EndsWith('Z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
}
