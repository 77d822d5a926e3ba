using SnsTelegram.Sample.Web.Demo;
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;

var builder = WebApplication.CreateBuilder(args);
SampleConfiguration.ApplyDefaults(builder.Configuration, SampleConfiguration.DefaultDatabasePath());
builder.AddSampleAuthentication();
builder.Services.AddSnsSample(builder.Configuration);
builder.Services.AddSingleton(new DemoMode(Offline: false));

builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"));

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapTelegramEndpoints("/api/telegram").RequireAuthorization();
app.MapSnsEndpoints();
app.MapDemoEndpoints();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokenEndpoint();
}

await app.RunAsync();

/// <summary>The sample's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
