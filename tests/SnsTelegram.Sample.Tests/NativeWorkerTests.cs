using System.Text.RegularExpressions;

namespace SnsTelegram.Sample.Tests;

/// <summary>The worker sample published with NativeAOT runs its offline walkthrough as the JIT build does.</summary>
[Collection(NativeWorker.Collection)]
public sealed partial class NativeWorkerTests(NativeWorker worker)
{
    [Fact]
    public void The_publish_warns_only_about_Telegram_Bot()
    {
        // our assemblies are IsAotCompatible (their warnings would be errors); Telegram.Bot's are listed in deployment.md
        var warnings = TrimOrAotWarning().Matches(worker.PublishOutput).Select(m => m.Value).Distinct().ToList();
        warnings.ShouldNotBeEmpty(worker.PublishOutput); // Telegram.Bot is not AOT-marked: if it becomes so, update deployment.md
        warnings.Where(w => !w.Contains("Assembly 'Telegram.Bot' produced", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_bot_token_the_native_worker_walks_through_scheduler_dispatcher_and_polling_and_stops_cleanly()
    {
        File.Exists(worker.Executable).ShouldBeTrue(worker.Executable);
        File.Exists(Path.Combine(worker.Folder, "SnsTelegram.Sample.Worker.dll")).ShouldBeFalse("a NativeAOT publish has no IL to run");

        var output = await RepositoryRoot.RunAsync(worker.Folder, worker.Executable, WorkerOfflineTests.WalkthroughArguments);

        WorkerOfflineTests.ShouldBeACleanWalkthrough(output);
    }

    [Fact]
    public async Task The_native_worker_names_the_setting_a_mistyped_key_meant()
    {
        // the settings' names are read by reflection: NativeAOT keeps them only for the types the validator asks it to
        var error = await Should.ThrowAsync<InvalidOperationException>(() => RepositoryRoot.RunAsync(worker.Folder, worker.Executable,
            "--SnsTelegram:Delivery:MaxAtempts=3", "--SnsTelegram:Jobs:sns_auto_post:Enabeld=false"));
        error.Message.ShouldContain("SnsTelegram:Delivery:MaxAtempts is not a setting: did you mean SnsTelegram:Delivery:MaxAttempts?");
        error.Message.ShouldContain("SnsTelegram:Jobs:sns_auto_post:Enabeld is not a setting: did you mean SnsTelegram:Jobs:sns_auto_post:Enabled?");
        error.Message.ShouldNotContain("SnsTelegram:BotToken is not a setting");
    }

    [Fact]
    public void Deployment_md_shows_the_publish_command_these_tests_run()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "deployment.md"));
        docs.ShouldContain("dotnet publish samples/SnsTelegram.Sample.Worker -c Release -r linux-x64 -p:PublishAot=true");
        docs.ShouldContain("./SnsTelegram.Sample.Worker --Sample:ExitAfterFirstDelivery=true");
    }

    [GeneratedRegex(@"warning IL\d+: [^\[\r\n]*")]
    private static partial Regex TrimOrAotWarning();
}
