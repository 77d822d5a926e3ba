using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage.Specification;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>
/// The per-user limits of the account endpoints, through the real HTTP surface: parallel requests never pass a limit,
/// a right code does not reset the count of wrong ones, every refusal is a 429 with <c>Retry-After</c>, and instances
/// that share a store share the limits.
/// </summary>
public sealed class UserLimitTests : IAsyncLifetime
{
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook, o =>
    {
        o.Limits.TestMessage.PermitLimit = 2;
        o.Limits.TestMessage.Window = TimeSpan.FromMinutes(1);
        o.Limits.Settings.PermitLimit = 3;
        o.Limits.Settings.Window = TimeSpan.FromMinutes(2);
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Thirty_parallel_wrong_codes_are_evaluated_exactly_ten_times()
    {
        var answers = await Race.RunAsync(30, i => Send(_app, HttpMethod.Post, "verify-link", "guesser", new { code = $"ZZZZZZ{i:00}" }));

        answers.Count(a => a.Status == HttpStatusCode.BadRequest).ShouldBe(10);
        answers.Count(a => a.Status == HttpStatusCode.TooManyRequests).ShouldBe(20);
        foreach (var refused in answers.Where(a => a.Status == HttpStatusCode.TooManyRequests))
        {
            ShouldBeLimited(refused, TimeSpan.FromHours(1));
        }

        // another user is not affected
        (await Send(_app, HttpMethod.Post, "verify-link", "bystander", new { code = "ZZZZZZZZ" })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Forty_parallel_link_requests_issue_exactly_ten_tokens()
    {
        var answers = await Race.RunAsync(40, _ => Send(_app, HttpMethod.Get, "link-account", "eager"));

        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(10);
        answers.Count(a => a.Status == HttpStatusCode.TooManyRequests).ShouldBe(30);
        foreach (var refused in answers.Where(a => a.Status == HttpStatusCode.TooManyRequests))
        {
            ShouldBeLimited(refused, TimeSpan.FromHours(1));
        }

        using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM link_tokens WHERE user_id = 'eager';";
        count.ExecuteScalar().ShouldBe(10L);
    }

    [Fact]
    public async Task A_right_code_does_not_reset_the_count_of_wrong_ones()
    {
        for (var i = 0; i < 9; i++)
        {
            (await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code = $"ZZZZZZ{i:00}" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        }

        var user = _app.CreateUser();
        await _app.DeliveredAsync(await user.SendTextAsync("/link"));
        var message = await _app.NextMessageAsync(user.ChatId);
        var code = message.TextOf(message.FindEntity("code")!);
        (await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code })).Status.ShouldBe(HttpStatusCode.OK);

        // the tenth wrong code in the window is the last one evaluated
        (await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code = "ZZZZZZ09" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldBeLimited(await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code = "ZZZZZZ10" }), TimeSpan.FromHours(1));

        // a fresh code from the bot, in another chat, is not evaluated either until the window has room again
        var other = _app.CreateUser();
        await _app.DeliveredAsync(await other.SendTextAsync("/link"));
        var next = await _app.NextMessageAsync(other.ChatId);
        var fresh = next.TextOf(next.FindEntity("code")!);
        ShouldBeLimited(await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code = fresh }), TimeSpan.FromHours(1));

        _app.Time.Advance(TimeSpan.FromHours(1));
        (await Send(_app, HttpMethod.Post, "verify-link", "mixer", new { code = "ZZZZZZ11" })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Test_messages_are_limited_per_user_with_retry_after()
    {
        var user = _app.CreateUser();
        await _app.LinkAsync("tester", user);
        await _app.NextMessageAsync(user.ChatId);

        (await Send(_app, HttpMethod.Post, "send-test-message", "tester")).Status.ShouldBe(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        (await Send(_app, HttpMethod.Post, "send-test-message", "tester")).Status.ShouldBe(HttpStatusCode.OK);
        var refused = await Send(_app, HttpMethod.Post, "send-test-message", "tester");
        ShouldBeLimited(refused, TimeSpan.FromMinutes(1));
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30), "the first test message leaves the window 30 s from now");
        await _app.NextMessageAsync(user.ChatId);
        await _app.NextMessageAsync(user.ChatId);
        user.Messages.Count.ShouldBe(3); // the link confirmation and two tests

        // the refusal took no permit: once the first one is a minute old, one more may go
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        (await Send(_app, HttpMethod.Post, "send-test-message", "tester")).Status.ShouldBe(HttpStatusCode.OK);
        ShouldBeLimited(await Send(_app, HttpMethod.Post, "send-test-message", "tester"), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Settings_changes_are_limited_per_user_with_retry_after()
    {
        await _app.LinkAsync("setter", _app.CreateUser());

        for (var i = 0; i < 3; i++)
        {
            (await Send(_app, HttpMethod.Patch, "settings", "setter", new { daily_report_time = $"0{i}:30" })).Status.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await Send(_app, HttpMethod.Patch, "settings", "setter", new { daily_report_time = "09:30" });
        ShouldBeLimited(refused, TimeSpan.FromMinutes(2));
        (await _app.GetAsync("status", "setter")).Body.GetProperty("daily_report_time").GetString().ShouldBe("02:30");
        (await Send(_app, HttpMethod.Patch, "settings", "someone-else", new { language = "en" })).Status.ShouldBe(HttpStatusCode.NotFound);

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        (await Send(_app, HttpMethod.Patch, "settings", "setter", new { daily_report_time = "09:30" })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("user with odd 'characters\" and \\ slashes")]
    [InlineData("사용자-🙂")]
    public async Task User_ids_of_any_content_are_limited_on_their_own(string userId)
    {
        var answers = await Race.RunAsync(12, i => Send(_app, HttpMethod.Post, "verify-link", userId, new { code = $"ZZZZZZ{i:00}" }));

        answers.Count(a => a.Status == HttpStatusCode.BadRequest).ShouldBe(10);
        (await Send(_app, HttpMethod.Post, "verify-link", userId + "x", new { code = "ZZZZZZZZ" })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Two_instances_on_one_SQLite_file_share_the_limits()
    {
        await using var second = await TelegramTestApp.StartAsync(TelegramUpdateMode.None, storage: b => b.UseSqlite($"Data Source={_app.DatabasePath}"));

        await ShareTheLimitsAsync(_app, second);
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSql_schema_share_the_limits()
    {
        using var schema = new PostgreSqlTestSchema();
        await using var first = await TelegramTestApp.StartAsync(TelegramUpdateMode.None, storage: b => b.UsePostgreSql(schema.ConnectionString, schema.Name));
        await using var second = await TelegramTestApp.StartAsync(TelegramUpdateMode.None, storage: b => b.UsePostgreSql(schema.ConnectionString, schema.Name));

        await ShareTheLimitsAsync(first, second);
        schema.Scalar($"SELECT COUNT(*) FROM \"{schema.Name}\".link_tokens WHERE user_id = 'shared';").ShouldBe(10L);
    }

    private static async Task ShareTheLimitsAsync(TelegramTestApp first, TelegramTestApp second)
    {
        TelegramTestApp[] apps = [first, second];
        var guesses = await Race.RunAsync(30, i => Send(apps[i % 2], HttpMethod.Post, "verify-link", "shared", new { code = $"ZZZZZZ{i:00}" }));
        guesses.Count(a => a.Status == HttpStatusCode.BadRequest).ShouldBe(10);
        guesses.Count(a => a.Status == HttpStatusCode.TooManyRequests).ShouldBe(20);

        var links = await Race.RunAsync(40, i => Send(apps[i % 2], HttpMethod.Get, "link-account", "shared"));
        links.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(10);
        links.Count(a => a.Status == HttpStatusCode.TooManyRequests).ShouldBe(30);
    }

    private static void ShouldBeLimited(Answer answer, TimeSpan window)
    {
        answer.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        answer.Body.GetProperty("status").GetString().ShouldBe("error");
        answer.Body.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        answer.RetryAfter.ShouldNotBeNull();
        answer.RetryAfter.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), window);
    }

    private static async Task<Answer> Send(TelegramTestApp app, HttpMethod method, string path, string userId, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/api/telegram/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TelegramTestApp.Jwt(userId));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await app.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Answer(response.StatusCode, json, response.Headers.RetryAfter?.Delta);
    }

    private sealed record Answer(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter);
}
