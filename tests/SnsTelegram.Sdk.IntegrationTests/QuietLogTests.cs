using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Reporting;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>What an app's log shows when nothing is wrong: no warning at shutdown, routine job runs at Debug.</summary>
public sealed class QuietLogTests
{
    [Fact]
    public async Task Stopping_a_polling_app_logs_no_warning()
    {
        var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling, logging: l => l.SetMinimumLevel(LogLevel.Debug));
        var logs = app.App.Services.GetFakeLogCollector();
        var user = app.CreateUser();
        await app.DeliveredAsync(await user.SendTextAsync("/help"));
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain("/status");

        // the next long poll is waiting on the emulator when the host stops, and is canceled
        await Eventually.WaitUntilAsync(
            () => logs.GetSnapshot().Count(r => r.Id.Id == 1 && r.Message.Contains("getUpdates", StringComparison.Ordinal)) >= 2,
            "a second getUpdates is under way", TelegramTestApp.Wait);
        await app.DisposeAsync();

        var records = logs.GetSnapshot();
        records.ShouldContain(r => r.Id.Id == 4 && r.Message.Contains("getUpdates", StringComparison.Ordinal), "the canceled poll is logged at Debug");
        records.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Category}[{r.Id.Id}] {r.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_daily_report_run_with_nothing_due_and_a_successful_job_run_log_at_Debug()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sns-quiet-").FullName, "app.db");
        await using var app = await TelegramTestApp.StartAsync(
            TelegramUpdateMode.None,
            storage: b => b.UseSqlite($"Data Source={file}").AddPostActivitySource<NoPosts>(),
            logging: l => l.SetMinimumLevel(LogLevel.Debug));
        var logs = app.App.Services.GetFakeLogCollector();

        await Eventually.WaitUntilAsync(() => logs.GetSnapshot().Any(r => r.Id.Id == 3001), "the scheduler started", TelegramTestApp.Wait);

        // one minute of the app's clock at a time, each given time to run the occurrence it makes due
        for (var minute = 0; minute < 30 && !(logs.GetSnapshot().Any(r => r.Id.Id == 3100) && logs.GetSnapshot().Any(r => r.Id.Id == 3002)); minute++)
        {
            var runs = logs.GetSnapshot().Count(r => r.Id.Id == 3002);
            app.Time.Advance(TimeSpan.FromMinutes(1));
            await Eventually.WaitUntilAsync(() => logs.GetSnapshot().Count(r => r.Id.Id == 3002) > runs, "a job run ended", TelegramTestApp.Wait);
        }

        var records = logs.GetSnapshot();
        records.Where(r => r.Id.Id is 3100 or 3002).ShouldAllBe(r => r.Level == LogLevel.Debug);
        records.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Category}[{r.Id.Id}] {r.Message}").ShouldBeEmpty();
    }

    private sealed class NoPosts : IPostActivitySource
    {
        public IAsyncEnumerable<PostActivity> GetActivityAsync(IReadOnlyCollection<string> userIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default) =>
            AsyncEnumerable.Empty<PostActivity>();
    }
}
