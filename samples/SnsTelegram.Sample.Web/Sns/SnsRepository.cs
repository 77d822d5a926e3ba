using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The mini SNS scheduler's data: posts, automation rules and their runs, in SQLite.</summary>
public sealed class SnsRepository(SnsDatabase database)
{
    private const string PostColumns =
        "id, user_id, platform, text, scheduled_at, status, attempts, lease_until, finished_at, post_url, likes, comments, shares, views, error, automation_run_id, notified, created_at";

    /// <summary>Stores a new scheduled post.</summary>
    public async Task<SnsPost> CreatePostAsync(string userId, string platform, string text, DateTimeOffset scheduledAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO sample_posts (user_id, platform, text, scheduled_at, status, created_at)
            VALUES ($user, $platform, $text, $at, '{PostStatus.Scheduled}', $now)
            RETURNING {PostColumns};
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$at", scheduledAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (await ReadPostsAsync(command, cancellationToken))[0];
    }

    /// <summary>The user's posts, newest first.</summary>
    public async Task<IReadOnlyList<SnsPost>> ListPostsAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PostColumns} FROM sample_posts WHERE user_id = $user ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadPostsAsync(command, cancellationToken);
    }

    /// <summary>One post, or null.</summary>
    public async Task<SnsPost?> GetPostAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PostColumns} FROM sample_posts WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        var posts = await ReadPostsAsync(command, cancellationToken);
        return posts.Count == 0 ? null : posts[0];
    }

    /// <summary>
    /// Takes due posts for publishing: scheduled ones whose time has come, and ones left in <c>publishing</c> whose lease
    /// ended (their publisher died). Each taken post is <c>publishing</c> until <paramref name="leaseUntil"/>, with one more attempt counted.
    /// One statement, so two publishers never take the same post.
    /// </summary>
    public async Task<IReadOnlyList<SnsPost>> ClaimDuePostsAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE sample_posts SET status = '{PostStatus.Publishing}', lease_until = $lease, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM sample_posts
                WHERE (status = '{PostStatus.Scheduled}' AND scheduled_at <= $now)
                   OR (status = '{PostStatus.Publishing}' AND lease_until <= $now)
                ORDER BY scheduled_at, id
                LIMIT $limit)
            RETURNING {PostColumns};
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$lease", leaseUntil.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var posts = await ReadPostsAsync(command, cancellationToken);
        return [.. posts.OrderBy(p => p.ScheduledAt).ThenBy(p => p.Id)];
    }

    /// <summary>Records how publishing ended; only a post still in <c>publishing</c> changes. False when another run finished it.</summary>
    public async Task<bool> FinishPostAsync(long id, PublishResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE sample_posts SET status = $status, lease_until = NULL, finished_at = $now, post_url = $url,
                likes = $likes, comments = $comments, shares = $shares, views = $views, error = $error
            WHERE id = $id AND status = '{PostStatus.Publishing}';
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$status", result.Succeeded ? PostStatus.Published : PostStatus.Failed);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$url", (object?)result.PostUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$likes", result.Likes);
        command.Parameters.AddWithValue("$comments", result.Comments);
        command.Parameters.AddWithValue("$shares", result.Shares);
        command.Parameters.AddWithValue("$views", result.Views);
        command.Parameters.AddWithValue("$error", (object?)result.Error ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Sets the engagement figures of a published post of <paramref name="userId"/>; returns the post as now stored, or
    /// null when the user has no such published post.
    /// </summary>
    public async Task<SnsPost?> UpdateMetricsAsync(long id, string userId, long likes, long comments, long shares, long views, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE sample_posts SET likes = $likes, comments = $comments, shares = $shares, views = $views
            WHERE id = $id AND user_id = $user AND status = '{PostStatus.Published}'
            RETURNING {PostColumns};
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$likes", likes);
        command.Parameters.AddWithValue("$comments", comments);
        command.Parameters.AddWithValue("$shares", shares);
        command.Parameters.AddWithValue("$views", views);
        var posts = await ReadPostsAsync(command, cancellationToken);
        return posts.Count == 0 ? null : posts[0];
    }

    /// <summary>Finished posts (not part of an automation run) whose notification has not been handed to the notifier yet.</summary>
    public async Task<IReadOnlyList<SnsPost>> PendingPostNotificationsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {PostColumns} FROM sample_posts
            WHERE notified = 0 AND automation_run_id IS NULL AND status IN ('{PostStatus.Published}', '{PostStatus.Failed}')
            ORDER BY id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadPostsAsync(command, cancellationToken);
    }

    /// <summary>Marks a post's notification as handed to the notifier.</summary>
    public async Task MarkPostNotifiedAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sample_posts SET notified = 1 WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores a new automation rule.</summary>
    public async Task<SnsAutomation> CreateAutomationAsync(
        string userId, string name, IReadOnlyList<string> platforms, string cron, string timeZone, DateTimeOffset? nextRunAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sample_automations (user_id, name, platforms, cron, time_zone, next_run_at, created_at)
            VALUES ($user, $name, $platforms, $cron, $tz, $next, $now)
            RETURNING id, user_id, name, platforms, cron, time_zone, next_run_at, last_run_at, last_status, created_at;
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$platforms", string.Join(',', platforms));
        command.Parameters.AddWithValue("$cron", cron);
        command.Parameters.AddWithValue("$tz", timeZone);
        command.Parameters.AddWithValue("$next", (object?)nextRunAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (await ReadAutomationsAsync(command, cancellationToken))[0];
    }

    /// <summary>The user's automation rules, newest first.</summary>
    public async Task<IReadOnlyList<SnsAutomation>> ListAutomationsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, user_id, name, platforms, cron, time_zone, next_run_at, last_run_at, last_status, created_at
            FROM sample_automations WHERE user_id = $user ORDER BY id DESC LIMIT 200;
            """;
        command.Parameters.AddWithValue("$user", userId);
        return await ReadAutomationsAsync(command, cancellationToken);
    }

    /// <summary>Automation rules whose next run has come.</summary>
    public async Task<IReadOnlyList<SnsAutomation>> DueAutomationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, user_id, name, platforms, cron, time_zone, next_run_at, last_run_at, last_status, created_at
            FROM sample_automations WHERE next_run_at IS NOT NULL AND next_run_at <= $now ORDER BY next_run_at LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAutomationsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Starts one run of a due rule in one transaction: records the run, schedules one post per platform (due now, so the
    /// crash-safe publisher takes them), and moves the rule to its next occurrence. False when another run started it first.
    /// </summary>
    public async Task<bool> StartAutomationRunAsync(SnsAutomation rule, DateTimeOffset? nextRunAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var occurrence = rule.NextRunAt ?? throw new ArgumentException("The rule has no due run.", nameof(rule));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using (var advance = connection.CreateCommand())
        {
            advance.Transaction = transaction;
            advance.CommandText = "UPDATE sample_automations SET next_run_at = $next, last_run_at = $now WHERE id = $id AND next_run_at = $occurrence;";
            advance.Parameters.AddWithValue("$next", (object?)nextRunAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            advance.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            advance.Parameters.AddWithValue("$id", rule.Id);
            advance.Parameters.AddWithValue("$occurrence", occurrence.ToUnixTimeMilliseconds());
            if (await advance.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        long runId;
        await using (var run = connection.CreateCommand())
        {
            run.Transaction = transaction;
            run.CommandText = """
                INSERT INTO sample_automation_runs (automation_id, user_id, rule_name, platforms, occurrence, created_at)
                VALUES ($id, $user, $name, $platforms, $occurrence, $now) RETURNING id;
                """;
            run.Parameters.AddWithValue("$id", rule.Id);
            run.Parameters.AddWithValue("$user", rule.UserId);
            run.Parameters.AddWithValue("$name", rule.Name);
            run.Parameters.AddWithValue("$platforms", string.Join(',', rule.Platforms));
            run.Parameters.AddWithValue("$occurrence", occurrence.ToUnixTimeMilliseconds());
            run.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            runId = (long)(await run.ExecuteScalarAsync(cancellationToken))!;
        }

        foreach (var platform in rule.Platforms)
        {
            await using var post = connection.CreateCommand();
            post.Transaction = transaction;
            post.CommandText = $"""
                INSERT INTO sample_posts (user_id, platform, text, scheduled_at, status, automation_run_id, created_at)
                VALUES ($user, $platform, $text, $now, '{PostStatus.Scheduled}', $run, $now);
                """;
            post.Parameters.AddWithValue("$user", rule.UserId);
            post.Parameters.AddWithValue("$platform", platform);
            post.Parameters.AddWithValue("$text", $"{rule.Name} ({occurrence:yyyy-MM-dd HH:mm} UTC)");
            post.Parameters.AddWithValue("$run", runId);
            post.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            await post.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Automation runs whose posts have all finished and whose notification is not handed over yet.</summary>
    public async Task<IReadOnlyList<FinishedAutomationRun>> FinishedRunsToNotifyAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT r.id, r.automation_id, r.user_id, r.rule_name, r.platforms, r.occurrence,
                SUM(p.status = '{PostStatus.Published}'), SUM(p.status = '{PostStatus.Failed}'),
                MIN(CASE WHEN p.status = '{PostStatus.Failed}' THEN p.error END)
            FROM sample_automation_runs r JOIN sample_posts p ON p.automation_run_id = r.id
            WHERE r.notified = 0
            GROUP BY r.id
            HAVING SUM(p.status IN ('{PostStatus.Scheduled}', '{PostStatus.Publishing}')) = 0
            ORDER BY r.id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);
        var runs = new List<FinishedAutomationRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new FinishedAutomationRun(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                SplitPlatforms(reader.GetString(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return runs;
    }

    /// <summary>Records a run's outcome as notified, and on its rule.</summary>
    public async Task MarkRunNotifiedAsync(FinishedAutomationRun run, string status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE sample_automation_runs SET notified = 1, status = $status WHERE id = $run;
            UPDATE sample_automations SET last_status = $status WHERE id = $rule;
            """;
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$run", run.Id);
        command.Parameters.AddWithValue("$rule", run.AutomationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Finished posts of the given users in [from, to), for the daily report.</summary>
    public async IAsyncEnumerable<SnsPost> FinishedPostsAsync(
        IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "$u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(names[i], chunk[i]);
            }

            command.CommandText = $"""
                SELECT {PostColumns} FROM sample_posts
                WHERE user_id IN ({string.Join(',', names)}) AND status IN ('{PostStatus.Published}', '{PostStatus.Failed}')
                  AND finished_at >= $from AND finished_at < $to;
                """;
            command.Parameters.AddWithValue("$from", fromUtc.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", toUtc.ToUnixTimeMilliseconds());
            foreach (var post in await ReadPostsAsync(command, cancellationToken))
            {
                yield return post;
            }
        }
    }

    private static IReadOnlyList<string> SplitPlatforms(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<IReadOnlyList<SnsPost>> ReadPostsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var posts = new List<SnsPost>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(new SnsPost(
                Id: reader.GetInt64(0),
                UserId: reader.GetString(1),
                Platform: reader.GetString(2),
                Text: reader.GetString(3),
                ScheduledAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Status: reader.GetString(5),
                Attempts: reader.GetInt32(6),
                LeaseUntil: reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                FinishedAt: reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                PostUrl: reader.IsDBNull(9) ? null : reader.GetString(9),
                Likes: reader.GetInt64(10),
                Comments: reader.GetInt64(11),
                Shares: reader.GetInt64(12),
                Views: reader.GetInt64(13),
                Error: reader.IsDBNull(14) ? null : reader.GetString(14),
                AutomationRunId: reader.IsDBNull(15) ? null : reader.GetInt64(15),
                Notified: reader.GetInt64(16) != 0,
                CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17))));
        }

        return posts;
    }

    private static async Task<IReadOnlyList<SnsAutomation>> ReadAutomationsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rules = new List<SnsAutomation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new SnsAutomation(
                Id: reader.GetInt64(0),
                UserId: reader.GetString(1),
                Name: reader.GetString(2),
                Platforms: SplitPlatforms(reader.GetString(3)),
                Cron: reader.GetString(4),
                TimeZone: reader.GetString(5),
                NextRunAt: reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                LastRunAt: reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                LastStatus: reader.IsDBNull(8) ? null : reader.GetString(8),
                CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return rules;
    }
}
