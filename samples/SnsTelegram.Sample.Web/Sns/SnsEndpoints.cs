using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The mini SNS scheduler's HTTP API: <c>/api/posts</c> and <c>/api/automations</c>.</summary>
public static class SnsEndpoints
{
    /// <summary>The longest post text accepted (Instagram's caption limit).</summary>
    public const int MaxTextLength = 2200;

    /// <summary>The longest rule name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Maps the endpoints; they need an authenticated user (the <c>sub</c> claim).</summary>
    public static IEndpointRouteBuilder MapSnsEndpoints(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/posts").RequireAuthorization().WithTags("SNS posts");
        posts.MapPost("/", CreatePostAsync);
        posts.MapGet("/", ListPostsAsync);
        posts.MapPost("/{id:long}/metrics", UpdateMetricsAsync);

        var automations = app.MapGroup("/api/automations").RequireAuthorization().WithTags("SNS automations");
        automations.MapPost("/", CreateAutomationAsync);
        automations.MapGet("/", ListAutomationsAsync);
        return app;
    }

    /// <summary>The signed-in user's id: the JWT <c>sub</c> claim.</summary>
    public static string? UserId(ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>
    /// The signed-in user's id under the library's rule (<see cref="SnsUserId"/>), or the refusal: 401 when there is none
    /// (empty or whitespace included), 400 naming the rule when it is too long or holds control characters.
    /// </summary>
    public static IResult? SignedIn(HttpContext http, out string userId)
    {
        userId = string.Empty;
        var id = UserId(http.User);
        if (SnsUserId.IsMissing(id))
        {
            return SampleJson.Error(StatusCodes.Status401Unauthorized, "Sign in first.");
        }

        if (SnsUserId.Problem(id) is { } problem)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, problem);
        }

        userId = id!;
        return null;
    }

    private static string KnownPlatforms => string.Join(", ", SnsPlatform.KnownIds.Order(StringComparer.Ordinal));

    private static async Task<IResult> CreatePostAsync(HttpContext http, SnsRepository repository, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SignedIn(http, out var userId) is { } refused)
        {
            return refused;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(http, ["platform", "text", "scheduled_at"], cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!TryGetString(body, "platform", out var platformName) || !SnsPlatform.TryParse(platformName, out var platform) || !platform.IsKnown)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, $"platform must be one of: {KnownPlatforms}.");
        }

        if (!TryGetString(body, "text", out var text) || string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, $"text is required: 1 to {MaxTextLength} characters.");
        }

        var now = time.GetUtcNow();
        var scheduledAt = now;
        if (body.TryGetProperty("scheduled_at", out var at) && at.ValueKind != JsonValueKind.Null)
        {
            if (at.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(
                    at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out scheduledAt))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "scheduled_at must be an ISO 8601 date and time, such as 2026-03-01T09:00:00Z.");
            }

            if (scheduledAt > now.AddYears(1))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "scheduled_at must be within one year from now.");
            }
        }

        var post = await repository.CreatePostAsync(userId, platform.Id, text.Trim(), scheduledAt, now, cancellationToken);
        return SampleJson.Status(new { status = "success", post = PostDto.From(post) }, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListPostsAsync(HttpContext http, SnsRepository repository, CancellationToken cancellationToken)
    {
        if (SignedIn(http, out var userId) is { } refused)
        {
            return refused;
        }

        if (await JsonBody.RefuseFieldsAsync(http, cancellationToken) is { } unexpected)
        {
            return unexpected;
        }

        var posts = await repository.ListPostsAsync(userId, 100, cancellationToken);
        return SampleJson.Ok(new { status = "success", posts = posts.Select(PostDto.From) });
    }

    /// <summary>
    /// New engagement figures of a published post (what a platform's API would report): stored, and the post's
    /// Telegram message is edited in place (<c>UpdateAsync</c>). Missing figures keep their value.
    /// </summary>
    private static async Task<IResult> UpdateMetricsAsync(
        long id, HttpContext http, SnsRepository repository, ISnsTelegramNotifier notifier, CancellationToken cancellationToken)
    {
        if (SignedIn(http, out var userId) is { } refused)
        {
            return refused;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(http, ["likes", "comments", "shares", "views"], cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var current = await repository.GetPostAsync(id, cancellationToken);
        if (current is null || current.UserId != userId)
        {
            return SampleJson.Error(StatusCodes.Status404NotFound, "No such post.");
        }

        string[] names = ["likes", "comments", "shares", "views"];
        long[] figures = [current.Likes, current.Comments, current.Shares, current.Views];
        for (var i = 0; i < names.Length; i++)
        {
            if (body.TryGetProperty(names[i], out var value) && value.ValueKind != JsonValueKind.Null
                && (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out figures[i]) || figures[i] < 0))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, $"{names[i]} must be a whole number, 0 or more.");
            }
        }

        var post = await repository.UpdateMetricsAsync(id, userId, figures[0], figures[1], figures[2], figures[3], cancellationToken);
        if (post is null)
        {
            return SampleJson.Error(StatusCodes.Status409Conflict, "Only a published post has metrics.");
        }

        var telegram = await notifier.UpdateAsync(SnsAutoPoster.Published(post), cancellationToken);
        return SampleJson.Ok(new { status = "success", post = PostDto.From(post), telegram = telegram.Status.ToString() });
    }

    private static async Task<IResult> CreateAutomationAsync(HttpContext http, SnsRepository repository, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SignedIn(http, out var userId) is { } refused)
        {
            return refused;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(http, ["name", "platforms", "cron", "time_zone"], cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!TryGetString(body, "name", out var name) || string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, $"name is required: 1 to {MaxNameLength} characters.");
        }

        var platforms = new List<string>();
        var names = body.TryGetProperty("platforms", out var list) ? list : default;
        IEnumerable<string?> given = names.ValueKind switch
        {
            JsonValueKind.Array => names.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null),
            JsonValueKind.String => names.GetString()!.Split(','),
            _ => [],
        };
        foreach (var item in given)
        {
            if (!SnsPlatform.TryParse(item, out var platform) || !platform.IsKnown)
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, $"platforms must be a non-empty list of: {KnownPlatforms}.");
            }

            if (!platforms.Contains(platform.Id))
            {
                platforms.Add(platform.Id);
            }
        }

        if (platforms.Count == 0)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, $"platforms must be a non-empty list of: {KnownPlatforms}.");
        }

        if (!TryGetString(body, "cron", out var cron) || string.IsNullOrWhiteSpace(cron))
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, "cron is required: 5 fields (minute hour day month weekday), such as \"0 9 * * *\".");
        }

        var timeZone = TryGetString(body, "time_zone", out var tz) && !string.IsNullOrWhiteSpace(tz) ? tz.Trim() : "UTC";
        JobSchedule schedule;
        try
        {
            schedule = AutomationSchedule.Create(cron.Trim(), timeZone);
        }
        catch (ArgumentException ex) when (ex.ParamName == "timeZone")
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, $"time_zone '{timeZone}' is not a known IANA time zone (for example UTC or Asia/Seoul).");
        }
        catch (ArgumentException)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, "cron is not a valid cron expression: 5 fields (minute hour day month weekday), or 6 with seconds first, such as \"0 9 * * *\".");
        }

        var now = time.GetUtcNow();
        var next = schedule.GetNextOccurrence(now);
        if (next is null)
        {
            return SampleJson.Error(StatusCodes.Status400BadRequest, "cron never fires.");
        }

        var rule = await repository.CreateAutomationAsync(userId, name.Trim(), platforms, cron.Trim(), timeZone, next, now, cancellationToken);
        return SampleJson.Status(new { status = "success", automation = AutomationDto.From(rule) }, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAutomationsAsync(HttpContext http, SnsRepository repository, CancellationToken cancellationToken)
    {
        if (SignedIn(http, out var userId) is { } refused)
        {
            return refused;
        }

        if (await JsonBody.RefuseFieldsAsync(http, cancellationToken) is { } unexpected)
        {
            return unexpected;
        }

        var rules = await repository.ListAutomationsAsync(userId, cancellationToken);
        return SampleJson.Ok(new { status = "success", automations = rules.Select(AutomationDto.From) });
    }

    internal static bool TryGetString(JsonElement body, string name, out string value)
    {
        if (body.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private sealed record PostDto(
        long Id,
        string Platform,
        string PlatformName,
        string PlatformEmoji,
        string Text,
        DateTimeOffset ScheduledAt,
        string Status,
        int Attempts,
        DateTimeOffset? FinishedAt,
        string? PostUrl,
        long Likes,
        long Comments,
        long Shares,
        long Views,
        string? Error,
        long? AutomationRunId)
    {
        public static PostDto From(SnsPost p)
        {
            var platform = SnsPlatform.Parse(p.Platform);
            return new PostDto(p.Id, platform.Id, platform.DisplayName, platform.Emoji, p.Text, p.ScheduledAt, p.Status, p.Attempts, p.FinishedAt,
                p.PostUrl, p.Likes, p.Comments, p.Shares, p.Views, p.Error, p.AutomationRunId);
        }
    }

    private sealed record AutomationDto(
        long Id, string Name, IReadOnlyList<string> Platforms, string Cron, string TimeZone, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, string? LastStatus)
    {
        public static AutomationDto From(SnsAutomation a) => new(a.Id, a.Name, a.Platforms, a.Cron, a.TimeZone, a.NextRunAt, a.LastRunAt, a.LastStatus);
    }
}
