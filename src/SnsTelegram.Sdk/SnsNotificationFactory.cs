using System.Globalization;
using System.Text.Json;

namespace SnsTelegram.Sdk;

/// <summary>
/// Builds notifications from the original dispatcher's type names and snake_case JSON payloads
/// (<c>send_sns_notification(type, payload)</c>).
/// </summary>
/// <remarks>
/// Fields by type (optional unless marked required):
/// <list type="bullet">
/// <item><c>post_success</c>: <c>platform</c> (required), <c>preview</c> or <c>content</c>, <c>post_url</c>, <c>likes</c>, <c>comments</c>, <c>shares</c>, <c>views</c>, <c>published_at</c>, <c>post_id</c>, <c>image_url</c>.</item>
/// <item><c>post_failure</c>: <c>platform</c> (required), <c>preview</c> or <c>content</c>, <c>error</c> or <c>error_message</c>, <c>failed_at</c>, <c>post_id</c>, <c>image_url</c>.</item>
/// <item><c>automation_executed</c>: <c>rule_name</c> (required), <c>platforms</c> (an array or a comma-separated string), <c>executed_at</c>, <c>status</c> (<c>completed</c>, <c>partial</c>, <c>failed</c>), <c>detail</c>.</item>
/// <item><c>daily_summary</c>: <c>date</c> (required, <c>yyyy-MM-dd</c>), <c>total_posts</c>, <c>success_count</c> or <c>succeeded</c>, <c>failed_count</c> or <c>failed</c>, <c>total_engagement</c>, <c>platforms</c> (an array of objects with <c>platform</c>, or an object keyed by platform name).</item>
/// <item><c>test</c>: no fields.</item>
/// </list>
/// Every type accepts <c>idempotency_key</c>. Times are ISO 8601 strings (a time without an offset is UTC) or Unix seconds.
/// </remarks>
public static class SnsNotificationFactory
{
    /// <summary>Builds the notification named by <paramref name="type"/> (<see cref="NotificationTypes"/>) for <paramref name="userId"/>.</summary>
    /// <param name="type">The type name: <c>post_success</c>, <c>post_failure</c>, <c>automation_executed</c>, <c>daily_summary</c> or <c>test</c>.</param>
    /// <param name="userId">The app's id of the user to notify.</param>
    /// <param name="payload">The snake_case JSON object with the type's fields (may be undefined or null for <c>test</c>).</param>
    /// <exception cref="ArgumentException">The type is unknown, the user id breaks <see cref="SnsUserId"/>'s rule, or a field is missing or invalid; the message names it.</exception>
    public static SnsNotification Create(string type, string userId, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        SnsUserId.ThrowIfInvalid(userId, nameof(userId));
        if (!JsonText.IsReadable(payload, allowControlCharacters: true))
        {
            throw new ArgumentException(
                $"The {type} payload holds a string that is not valid text (broken UTF-8 or a lone surrogate escape such as \ud800).", nameof(payload));
        }

        var reader = new PayloadReader(type, payload, nameof(payload));
        SnsNotification notification = type switch
        {
            NotificationTypes.PostSuccess => new PostPublished(
                userId,
                reader.RequiredPlatform("platform"),
                reader.String("preview", "content"),
                reader.String("post_url"),
                reader.Count("likes"),
                reader.Count("comments"),
                reader.Time("published_at"))
            {
                Shares = reader.Count("shares"),
                Views = reader.Count("views"),
                PostId = reader.Id("post_id"),
                ImageUrl = reader.String("image_url"),
            },
            NotificationTypes.PostFailure => new PostFailed(
                userId,
                reader.RequiredPlatform("platform"),
                reader.String("preview", "content"),
                reader.String("error", "error_message"),
                reader.Time("failed_at"))
            {
                PostId = reader.Id("post_id"),
                ImageUrl = reader.String("image_url"),
            },
            NotificationTypes.AutomationExecuted => new AutomationExecuted(
                userId,
                reader.RequiredString("rule_name"),
                reader.PlatformList("platforms"),
                reader.Time("executed_at"),
                reader.Status("status"))
            {
                Detail = reader.String("detail"),
            },
            NotificationTypes.DailySummary => reader.Summary(userId),
            NotificationTypes.Test => new TestMessage(userId),
            _ => throw new ArgumentException(
                $"Unknown notification type '{type}'; known types: {string.Join(", ", NotificationTypes.All)}.", nameof(type)),
        };
        var key = reader.String("idempotency_key");
        return key is null ? notification : notification with { IdempotencyKey = key };
    }

    private sealed class PayloadReader
    {
        private readonly string _type;
        private readonly JsonElement _payload;
        private readonly bool _hasObject;
        private readonly string _parameterName;

        public PayloadReader(string type, JsonElement payload, string parameterName)
        {
            _type = type;
            _parameterName = parameterName;
            _payload = payload;
            _hasObject = payload.ValueKind == JsonValueKind.Object;
            if (!_hasObject && payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw new ArgumentException($"The payload of '{type}' must be a JSON object, not {payload.ValueKind}.", parameterName);
            }
        }

        public SnsPlatform RequiredPlatform(string name)
        {
            var value = RequiredString(name);
            return SnsPlatform.TryParse(value, out var platform)
                ? platform
                : throw Invalid(name, "a platform name of 1 to 64 characters");
        }

        public string RequiredString(string name) =>
            String(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : throw Missing(name, "a non-empty string");

        public string? String(params string[] names)
        {
            foreach (var name in names)
            {
                if (TryGet(name, out var element))
                {
                    return element.ValueKind == JsonValueKind.String
                        ? element.GetString()
                        : throw Invalid(name, "a string");
                }
            }

            return null;
        }

        public string? Id(string name)
        {
            if (!TryGet(name, out var element))
            {
                return null;
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number => element.GetRawText(),
                _ => throw Invalid(name, "a string or a number"),
            };
        }

        public long? Count(string name) => TryGet(name, out var element) ? ReadCount(name, element) : null;

        public DateTimeOffset? Time(string name)
        {
            if (!TryGet(name, out var element))
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253402300799)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            if (element.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }

            throw Invalid(name, "an ISO 8601 time such as 2026-02-26T10:30:00Z, or Unix seconds");
        }

        public List<SnsPlatform> PlatformList(string name)
        {
            if (!TryGet(name, out var element))
            {
                return [];
            }

            var platforms = new List<SnsPlatform>();
            if (element.ValueKind == JsonValueKind.String)
            {
                foreach (var part in (element.GetString() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    platforms.Add(SnsPlatform.TryParse(part, out var platform) ? platform : throw Invalid(name, "platform names of 1 to 64 characters"));
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    platforms.Add(item.ValueKind == JsonValueKind.String && SnsPlatform.TryParse(item.GetString(), out var platform)
                        ? platform
                        : throw Invalid(name, "an array of platform names of 1 to 64 characters"));
                }
            }
            else
            {
                throw Invalid(name, "an array of platform names or a comma-separated string");
            }

            return platforms;
        }

        public AutomationStatus Status(string name)
        {
            var value = String(name);
            if (value is null)
            {
                return AutomationStatus.Completed;
            }

            return value.Trim().ToLowerInvariant() switch
            {
                "completed" or "complete" or "success" or "succeeded" or "ok" or "done" => AutomationStatus.Completed,
                "partial" or "partially_completed" or "partially-completed" => AutomationStatus.PartiallyCompleted,
                "failed" or "failure" or "error" => AutomationStatus.Failed,
                _ => throw Invalid(name, "one of completed, partial, failed"),
            };
        }

        public DailySummary Summary(string userId)
        {
            var dateText = RequiredString("date");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Invalid("date", "a date such as 2026-02-25");
            }

            var platforms = PlatformSummaries("platforms");
            var succeeded = Count("success_count") ?? Count("succeeded") ?? platforms.Sum(p => (long)p.Succeeded);
            var failed = Count("failed_count") ?? Count("failed") ?? platforms.Sum(p => (long)p.Failed);
            var total = Count("total_posts") ?? Math.Max(succeeded + failed, platforms.Sum(p => (long)p.Posts));
            var engagement = Count("total_engagement") ?? platforms.Sum(p => p.Engagement);
            return new DailySummary(
                userId,
                date,
                ToInt("total_posts", total),
                ToInt("success_count", succeeded),
                ToInt("failed_count", failed),
                engagement,
                platforms);
        }

        private List<PlatformSummary> PlatformSummaries(string name)
        {
            var list = new List<PlatformSummary>();
            if (!TryGet(name, out var element))
            {
                return list;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var field = $"{name}[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw Invalid(field, "an object with 'platform', 'posts', 'likes'...");
                    }

                    var itemName = item.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                    list.Add(ReadPlatform(field, itemName, item));
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    list.Add(ReadPlatform($"{name}.{property.Name}", property.Name, property.Value));
                }
            }
            else
            {
                throw Invalid(name, "an array of per-platform objects or an object keyed by platform name");
            }

            return list;
        }

        private PlatformSummary ReadPlatform(string field, string? platformName, JsonElement value)
        {
            if (!SnsPlatform.TryParse(platformName, out var platform))
            {
                throw Invalid(field + ".platform", "a platform name of 1 to 64 characters");
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                // { "instagram": 3 }: a number of posts.
                var posts = ToInt(field, ReadCount(field, value));
                return new PlatformSummary(platform, posts, posts, 0);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(field, "an object with 'posts', 'likes', 'comments'...");
            }

            long? Get(string key) => value.TryGetProperty(key, out var e) ? ReadCount($"{field}.{key}", e) : null;
            var succeeded = Get("success_count") ?? Get("succeeded");
            var failed = Get("failed_count") ?? Get("failed") ?? 0;
            var postCount = Get("posts") ?? Get("total_posts") ?? Get("count") ?? (succeeded ?? 0) + failed;
            var likes = Get("likes");
            var comments = Get("comments");
            var shares = Get("shares");

            // Only a total known: it is shown as the platform's engagement.
            var engagement = Get("engagement");
            if (likes is null && comments is null && shares is null && engagement is not null)
            {
                likes = engagement;
            }

            return new PlatformSummary(
                platform,
                ToInt($"{field}.posts", postCount),
                ToInt($"{field}.succeeded", succeeded ?? Math.Max(0, postCount - failed)),
                ToInt($"{field}.failed", failed),
                likes ?? 0,
                comments ?? 0,
                shares ?? 0,
                Get("views") ?? 0);
        }

        private int ToInt(string name, long value) =>
            value <= int.MaxValue ? (int)value : throw Invalid(name, "a count below 2,147,483,648");

        private long ReadCount(string name, JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number) && number >= 0)
            {
                return number;
            }

            if (element.ValueKind == JsonValueKind.String
                && long.TryParse(element.GetString(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0)
            {
                return parsed;
            }

            throw Invalid(name, "a whole number of 0 or more");
        }

        private bool TryGet(string name, out JsonElement element)
        {
            if (_hasObject && _payload.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null)
            {
                return true;
            }

            element = default;
            return false;
        }

        private ArgumentException Missing(string field, string expected) =>
            new($"The payload of '{_type}' needs '{field}' ({expected}).", _parameterName);

        private ArgumentException Invalid(string field, string expected) =>
            new($"The payload of '{_type}' has an invalid '{field}': expected {expected}.", _parameterName);
    }
}
