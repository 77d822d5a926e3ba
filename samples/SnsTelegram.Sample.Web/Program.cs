using SnsTelegram.Sample.Web.Demo;
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Reporting;

var builder = WebApplication.CreateBuilder(args);

// No bot token configured: the offline demo runs the Telegram emulator in this process.
var demo = OfflineDemo.CreateIfNoBotToken(builder.Configuration);
SampleConfiguration.ApplyDefaults(builder.Configuration, SampleConfiguration.DefaultDatabasePath());
builder.Services.AddSingleton(new DemoMode(Offline: demo is not null));
if (demo is not null)
{
    builder.Services.AddSingleton(_ => demo); // the container owns it: the emulator stops with the app
}

builder.AddSampleAuthentication();               // JWT bearer (HS256); the user id is the "sub" claim
builder.AddSampleTelemetry();                    // OTLP traces and metrics when OTEL_EXPORTER_OTLP_ENDPOINT is set
builder.Services.AddSnsSample(builder.Configuration); // the mini SNS scheduler: posts, automation rules, publisher
var autoPostInterval = SampleConfiguration.AutoPostInterval(builder.Configuration);

// <usage>
var snsTelegram = builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
    .AddPostActivitySource<SnsPostActivitySource>() // your posts feed the daily report
    .AddJob<SnsAutoPostJob>(SnsAutoPostJob.Id, JobSchedule.Every(autoPostInterval)); // a job of your own
if (SampleConfiguration.UsesPostgreSql(builder.Configuration)) // Sample:Storage: sqlite (default) or postgres
{
    snsTelegram.UsePostgreSql(builder.Configuration.GetConnectionString("SnsTelegram"));
}
else
{
    snsTelegram.UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"));
}
// </usage>

builder.Services.AddHealthChecks()
    .AddSnsTelegramScheduler()  // degraded when a job's last run failed or a job is overdue
    .AddSnsTelegramDelivery();  // unhealthy when a notification has waited more than 5 minutes

var app = builder.Build();
await (demo?.StartAsync(app.Configuration) ?? Task.CompletedTask); // points the library at the emulator
app.UseAuthentication();
app.UseAuthorization();

// <endpoints>
// link-account, verify-link, status, settings, send-test-message, unlink-account: for signed-in users;
// the webhook stays anonymous and is guarded by Telegram's secret-token header instead.
app.MapTelegramEndpoints("/api/telegram").RequireAuthorization();
// </endpoints>

// <admin>
// the operator's API: outbox counts, dead letters (resend, discard), pause and resume, jobs (run now), one user's view.
// It refuses every request (401) until the app guards it; here, callers need the claim role=operator.
app.MapTelegramAdminEndpoints("/api/telegram/admin").RequireAuthorization(policy => policy.RequireClaim("role", "operator"));
// </admin>

app.MapHealthChecks("/healthz");
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapSnsEndpoints();
app.MapDemoEndpoints();
app.MapDemoDigestEndpoints(); // what the user's digest holds, and "close my digest now"
if (app.Environment.IsDevelopment())
{
    app.MapDevTokenEndpoint();
}

if (demo is not null)
{
    app.Services.GetRequiredService<OfflineDemo>();
    app.MapDemoChatEndpoints();
    demo.PrintBannerWhenStarted(app);
}

await app.RunAsync();

/// <summary>The sample's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
