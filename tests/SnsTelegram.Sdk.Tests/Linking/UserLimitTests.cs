using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Linking;

/// <summary>What a per-user limit refusal leaves behind: a 429 with Retry-After, a log record without the user id, a metric by scope, and a hashed key in the store.</summary>
public sealed class UserLimitTests
{
    private const string UserId = "user-with-a-name@example.com";

    private static async Task<(int Status, string? RetryAfter)> PatchSettingsAsync(LinkingTestHost host)
    {
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", UserId)], "test")),
        };
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{\"language\":\"en\"}"));
        var result = await TelegramEndpoints.UpdateSettingsAsync(
            http,
            host.Get<ITelegramUserIdAccessor>(),
            host.Get<SettingsUpdater>(),
            host.Get<UserLimiter>(),
            host.Get<IOptionsMonitor<SnsTelegramOptions>>(),
            host.Get<ILoggerFactory>(),
            CancellationToken.None);
        var status = result.Result.ShouldBeAssignableTo<IStatusCodeHttpResult>().ShouldNotBeNull().StatusCode.ShouldNotBeNull();
        return (status, http.Response.Headers.RetryAfter.ToString() is { Length: > 0 } header ? header : null);
    }

    [Fact]
    public async Task A_refusal_is_a_429_with_retry_after_logged_and_counted_by_scope_without_the_user_id()
    {
        await using var host = new LinkingTestHost(
            o =>
            {
                o.Limits.Settings.PermitLimit = 2;
                o.Limits.Settings.Window = TimeSpan.FromSeconds(90);
            },
            services => services.AddLogging(logging => logging.AddFakeLogging()));
        using var refused = new MetricCollector<long>(host.Get<IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.user_limits.refused");
        var logs = host.Services.GetFakeLogCollector();

        (await PatchSettingsAsync(host)).Status.ShouldBe(StatusCodes.Status404NotFound, "not linked, but counted: the limit is taken before the work");
        host.Time.Advance(TimeSpan.FromSeconds(30));
        (await PatchSettingsAsync(host)).Status.ShouldBe(StatusCodes.Status404NotFound);
        var (status, retryAfter) = await PatchSettingsAsync(host);

        status.ShouldBe(StatusCodes.Status429TooManyRequests);
        retryAfter.ShouldBe("60", "the first request leaves the 90 s window 60 s from now");
        var measurement = refused.GetMeasurementSnapshot().ShouldHaveSingleItem();
        measurement.Value.ShouldBe(1);
        measurement.Tags["scope"].ShouldBe("settings");
        var record = logs.GetSnapshot().Where(r => r.Id.Id == 5004).ShouldHaveSingleItem();
        record.GetStructuredStateValue("Endpoint").ShouldBe("settings");
        record.GetStructuredStateValue("Limit").ShouldBe("2");
        logs.GetSnapshot().ShouldAllBe(r => !r.Message.Contains(UserId));
    }

    [Fact]
    public async Task A_user_is_counted_under_the_hash_of_the_id_never_the_id()
    {
        await using var host = new LinkingTestHost(o => o.Limits.Settings.PermitLimit = 1);
        await PatchSettingsAsync(host);

        var store = host.Get<IRateLimitStore>();
        var now = host.Time.GetUtcNow();
        (await store.TryTakeAsync(UserLimiter.Settings, UserId, 1, TimeSpan.FromMinutes(1), now)).Granted.ShouldBeTrue("the raw id is not the key");
        var key = UserLimiter.Key(UserId);
        key.Length.ShouldBe(43);
        key.ShouldNotContain(UserId);
        (await store.TryTakeAsync(UserLimiter.Settings, key, 1, TimeSpan.FromMinutes(1), now)).Granted.ShouldBeFalse("the hashed id holds the permit");
    }
}
