namespace SnsTelegram.Sample.Tests;

/// <summary>The worker sample run as a newcomer runs it: no bot token, so it works offline against the emulator.</summary>
public sealed class WorkerOfflineTests
{
    /// <summary>The walkthrough's settings: stop after it, give it time on a busy machine, no simulated publish failure.</summary>
    internal static readonly string[] WalkthroughArguments =
        ["--Sample:ExitAfterFirstDelivery=true", "--Sample:WalkthroughTimeoutSeconds=90", "--Sample:FailureRate=0"];

    private static string WorkerDll(out string folder)
    {
        // the worker's build output beside this test's (same configuration): the project reference builds it first
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0
        folder = Path.Combine(RepositoryRoot.Path, "samples", "SnsTelegram.Sample.Worker");
        var dll = Path.Combine(folder, "bin", configuration, "net10.0", "SnsTelegram.Sample.Worker.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        return dll;
    }

    [Fact]
    public async Task Without_a_bot_token_the_worker_walks_through_scheduler_dispatcher_and_polling_and_stops_cleanly()
    {
        var dll = WorkerDll(out var worker);
        var output = await RepositoryRoot.RunAsync(worker, "dotnet", [dll, .. WalkthroughArguments]);
        ShouldBeACleanWalkthrough(output);
    }

    /// <summary>The walkthrough's output shows every step, the delivered notification, and no warning or error log.</summary>
    internal static void ShouldBeACleanWalkthrough(string output)
    {
        // ASP.NET Core Data Protection warns once per machine, when it creates the key ring that the samples share
        // (the warning is the framework's, about where keys are kept; deployment.md covers persisting them)
        output = string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("warn: Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)));

        output.ShouldContain("starting the offline demo against the Telegram emulator");
        output.ShouldContain("[offline demo 3/3]");
        output.ShouldContain("Telegram received: ✅"); // the post's notification
        output.ShouldContain("Hello from the offline worker demo");
        output.ShouldContain("OFFLINE DEMO OK");
        var lines = output.Split('\n');
        var problems = lines.Select((line, i) => (line, i)).Where(x => x.line.StartsWith("warn:", StringComparison.Ordinal) || x.line.StartsWith("fail:", StringComparison.Ordinal) || x.line.StartsWith("crit:", StringComparison.Ordinal))
            .Select(x => string.Join('\n', lines.Skip(x.i).Take(3)));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_Sample_Storage_postgres_the_worker_keeps_the_library_tables_in_PostgreSQL()
    {
        var dll = WorkerDll(out var worker);
        var server = PostgreSqlTestServer.Instance;
        var database = server.CreateDatabase();

        var output = await RepositoryRoot.RunAsync(worker, "dotnet",
            [dll, "--Sample:Storage=postgres", $"--ConnectionStrings:SnsTelegram={server.ConnectionStringFor(database)}", .. WalkthroughArguments]);

        output.ShouldContain("OFFLINE DEMO OK");
        server.Scalar("SELECT count(*) FROM snstelegram.chat_links WHERE user_id = 'demo-user'", database).ShouldBe(1L);
        server.Scalar("SELECT count(*) FROM snstelegram.outbox", database).ShouldNotBe(0L);
    }

    [Fact]
    public async Task An_unknown_Sample_Storage_stops_the_worker_with_a_message_naming_the_setting()
    {
        var dll = WorkerDll(out var worker);
        var error = await Should.ThrowAsync<InvalidOperationException>(() => RepositoryRoot.RunAsync(worker, "dotnet", dll, "--Sample:Storage=mysql"));
        error.Message.ShouldContain("Sample:Storage is 'mysql'; use 'sqlite' (the default) or 'postgres'");
    }
}
