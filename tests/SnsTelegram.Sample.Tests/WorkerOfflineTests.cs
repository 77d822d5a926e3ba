namespace SnsTelegram.Sample.Tests;

/// <summary>The worker sample run as a newcomer runs it: no bot token, so it works offline against the emulator.</summary>
public sealed class WorkerOfflineTests
{
    [Fact]
    public async Task Without_a_bot_token_the_worker_walks_through_scheduler_dispatcher_and_polling_and_stops_cleanly()
    {
        // the worker's build output beside this test's (same configuration): the project reference builds it first
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0
        var worker = Path.Combine(RepositoryRoot.Path, "samples", "SnsTelegram.Sample.Worker");
        var dll = Path.Combine(worker, "bin", configuration, "net10.0", "SnsTelegram.Sample.Worker.dll");
        File.Exists(dll).ShouldBeTrue(dll);

        var output = await RepositoryRoot.RunAsync(worker, "dotnet", dll,
            "--Sample:ExitAfterFirstDelivery=true", "--Sample:WalkthroughTimeoutSeconds=90", "--Sample:FailureRate=0");

        output.ShouldContain("starting the offline demo against the Telegram emulator");
        output.ShouldContain("[offline demo 3/3]");
        output.ShouldContain("Telegram received: ✅"); // the post's notification
        output.ShouldContain("Hello from the offline worker demo");
        output.ShouldContain("OFFLINE DEMO OK");
        output.ShouldNotContain("warn:");
        output.ShouldNotContain("fail:");
    }
}
