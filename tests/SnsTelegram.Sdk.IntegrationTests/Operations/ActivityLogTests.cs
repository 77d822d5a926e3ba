using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.IntegrationTests.Operations;

/// <summary>
/// The activity log's muted and digested notifications through real HTTP (<c>GET notifications</c>): the app on Kestrel
/// with a SQLite file, and the Telegram emulator (<see cref="PostgreSqlActivityLogTests"/> runs the same on PostgreSQL).
/// </summary>
public sealed class ActivityLogTests
{
    [Fact]
    public async Task Muted_and_digested_notifications_are_listed_with_the_others_on_SQLite()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Webhook);
        await MutedAndDigestedNotificationsAreListedAsync(app);
    }

    /// <summary>The scenario every store runs: a muted, a sent and a digested notification, paged, then the digest sent.</summary>
    internal static async Task MutedAndDigestedNotificationsAreListedAsync(TelegramTestApp app)
    {
        var user = app.CreateUser();
        await app.LinkAsync("act-user", user);
        await app.NextMessageAsync(user.ChatId);
        var notifier = app.App.Services.GetRequiredService<ISnsTelegramNotifier>();

        (await app.SendAsync(HttpMethod.Patch, "settings", "act-user", new { muted_types = new[] { NotificationTypes.PostFailure } })).Status.ShouldBe(HttpStatusCode.OK);
        (await notifier.NotifyAsync(new PostFailed("act-user", SnsPlatform.Instagram, "muted post", "token expired") { IdempotencyKey = "act-muted" })).Status.ShouldBe(NotifyStatus.Muted);
        (await notifier.NotifyAsync(new PostFailed("act-user", SnsPlatform.Instagram, "muted post", "token expired") { IdempotencyKey = "act-muted" })).Status.ShouldBe(NotifyStatus.Muted);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        (await notifier.NotifyAsync(new PostPublished("act-user", SnsPlatform.Instagram, "sent post", "https://example.com/p/act1") { PostId = "act1" })).Status.ShouldBe(NotifyStatus.Queued);
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain("sent post");
        app.Time.Advance(TimeSpan.FromSeconds(1));
        (await app.SendAsync(HttpMethod.Patch, "settings", "act-user", new { digest_minutes = 15 })).Status.ShouldBe(HttpStatusCode.OK);
        (await notifier.NotifyAsync(new PostPublished("act-user", SnsPlatform.Instagram, "digested post", "https://example.com/p/act2") { PostId = "act2" })).Status.ShouldBe(NotifyStatus.Digested);

        JsonElement[] log = [];
        await Eventually.WaitUntilAsync(
            async () =>
            {
                log = await LogAsync(app, string.Empty);
                return log.Any(e => e.GetProperty("state").GetString() == "sent");
            },
            "the published post is marked sent",
            TelegramTestApp.Wait);
        log.Select(e => e.GetProperty("state").GetString()).ShouldBe(["digested", "sent", "muted"], "newest first, the muted one once");
        var (digested, sent, muted) = (log[0], log[1], log[2]);
        muted.GetProperty("type").GetString().ShouldBe(NotificationTypes.PostFailure);
        muted.GetProperty("id").ValueKind.ShouldBe(JsonValueKind.Null);
        muted.GetProperty("reason_code").GetString().ShouldBe("muted");
        muted.GetProperty("reason").GetString().ShouldBe("You muted post_failure notifications.");
        muted.GetProperty("sent_at").ValueKind.ShouldBe(JsonValueKind.Null);
        sent.GetProperty("id").GetInt64().ShouldBeGreaterThan(0);
        digested.GetProperty("type").GetString().ShouldBe(NotificationTypes.PostSuccess);
        digested.GetProperty("reason_code").GetString().ShouldBe("digest_open");
        digested.GetProperty("reason").GetString().ShouldBe("It waits in a digest that has not been sent yet.");
        digested.GetProperty("digest_message_id").ValueKind.ShouldBe(JsonValueKind.Null);
        DateTimeOffset.Parse(digested.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(DateTimeOffset.Parse(muted.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture));
        string.Join(",", log.Select(e => e.GetRawText())).ShouldNotContain(user.ChatId.ToString(CultureInfo.InvariantCulture));

        // one entry a page: the same three, each once, then no cursor
        var states = new List<string>();
        var query = "limit=1";
        for (var pages = 0; pages < 5; pages++)
        {
            var (status, body) = await app.GetAsync("notifications?" + query, "act-user");
            status.ShouldBe(HttpStatusCode.OK);
            states.AddRange(body.GetProperty("notifications").EnumerateArray().Select(e => e.GetProperty("state").GetString()!));
            if (body.GetProperty("next_before").GetString() is not { } next)
            {
                break;
            }

            query = "limit=1&before=" + next;
        }

        states.ShouldBe(["digested", "sent", "muted"]);

        // the window closes: the digested notification names its digest message
        app.Time.Advance(TimeSpan.FromMinutes(16));
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain("digested post");
        await Eventually.WaitUntilAsync(
            async () =>
            {
                log = await LogAsync(app, string.Empty);
                return log.Any(e => e.GetProperty("reason_code").GetString() == "digest_sent");
            },
            "the digest is marked sent",
            TelegramTestApp.Wait);
        log.Select(e => e.GetProperty("state").GetString()).ShouldBe(["sent", "digested", "sent", "muted"]);
        var digest = log[0];
        digest.GetProperty("type").GetString().ShouldBe(NotificationTypes.Digest);
        log[1].GetProperty("digest_message_id").GetInt64().ShouldBe(digest.GetProperty("id").GetInt64());
        log[1].GetProperty("sent_at").GetString().ShouldBe(digest.GetProperty("sent_at").GetString());
        log[1].GetProperty("reason").GetString().ShouldBe("It went out in a digest message.");
    }

    private static async Task<JsonElement[]> LogAsync(TelegramTestApp app, string query)
    {
        var (status, body) = await app.GetAsync("notifications" + query, "act-user");
        status.ShouldBe(HttpStatusCode.OK);
        return body.GetProperty("notifications").EnumerateArray().ToArray();
    }
}
