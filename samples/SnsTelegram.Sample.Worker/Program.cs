// The worker half of a split deployment: the scheduler (the daily report and sns_auto_post), the outbox dispatcher and
// long polling, against the same SQLite file as the web sample, which then runs with
// SnsTelegram__Delivery__Enabled=false, SnsTelegram__Scheduler__Enabled=false and SnsTelegram__UpdateMode=None.
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Reporting;

var builder = Host.CreateApplicationBuilder(args);
SampleConfiguration.ApplyDefaults(builder.Configuration, SampleConfiguration.DefaultDatabasePath());
if (!SampleConfiguration.HasBotToken(builder.Configuration))
{
    Console.Error.WriteLine("The worker talks to Telegram: set SnsTelegram__BotToken (or TELEGRAM_BOT_TOKEN) and SnsTelegram__BotUsername.");
    return 2;
}

builder.Services.AddSnsSample(builder.Configuration);
builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    .UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"))
    .AddPostActivitySource<SnsPostActivitySource>()
    .AddJob<SnsAutoPostJob>(SnsAutoPostJob.Id, JobSchedule.Every(SampleConfiguration.AutoPostInterval(builder.Configuration)));

await builder.Build().RunAsync();
return 0;
