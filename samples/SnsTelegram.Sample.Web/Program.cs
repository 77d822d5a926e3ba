using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk;

var builder = WebApplication.CreateBuilder(args);
SampleConfiguration.ApplyDefaults(builder.Configuration, SampleConfiguration.DefaultDatabasePath());
builder.AddSampleAuthentication();
builder.Services.AddSnsSample(builder.Configuration);

builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"));

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapSnsEndpoints();
if (app.Environment.IsDevelopment())
{
    app.MapDevTokenEndpoint();
}

await app.RunAsync();

/// <summary>The sample's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
