// The worker half of a split deployment: the scheduler (the daily report and sns_auto_post), the outbox dispatcher and
// long polling, against the same SQLite file as the web sample, which then runs with
// SnsTelegram__Delivery__Enabled=false, SnsTelegram__Scheduler__Enabled=false and SnsTelegram__UpdateMode=None.
// With no bot token it runs offline: the Telegram emulator in this process and a short walkthrough (OfflineWalkthrough).
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sample.Worker;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Testing;

var builder = Host.CreateApplicationBuilder(args);
TelegramEmulator? telegram = null;
if (!SampleConfiguration.HasBotToken(builder.Configuration))
{
    if (!builder.Configuration.GetValue("Sample:OfflineDemo", true))
    {
        Console.Error.WriteLine("Sample:OfflineDemo is false and no bot token is set: set SnsTelegram__BotToken (or TELEGRAM_BOT_TOKEN) and SnsTelegram__BotUsername.");
        return 2;
    }

    Console.WriteLine("No bot token configured: starting the offline demo against the Telegram emulator in this process.");
    telegram = await OfflineWalkthrough.StartEmulatorAsync(builder.Configuration);
    builder.Services.AddSingleton(telegram); // the container owns it: the emulator stops with the worker
    builder.Services.AddHostedService<OfflineWalkthrough>();
}

SampleConfiguration.ApplyDefaults(builder.Configuration, SampleConfiguration.DefaultDatabasePath());
builder.Services.AddSnsSample(builder.Configuration);
var snsTelegram = builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    .AddPostActivitySource<SnsPostActivitySource>()
    .AddJob<SnsAutoPostJob>(SnsAutoPostJob.Id, JobSchedule.Every(SampleConfiguration.AutoPostInterval(builder.Configuration)));
if (SampleConfiguration.UsesPostgreSql(builder.Configuration)) // Sample:Storage: sqlite (default) or postgres
{
    snsTelegram.UsePostgreSql(builder.Configuration.GetConnectionString("SnsTelegram"));
}
else
{
    snsTelegram.UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"));
}

await builder.Build().RunAsync();
return Environment.ExitCode;
