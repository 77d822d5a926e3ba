// A small app for load tests with wrk (benchmarks/load/run.sh): the Telegram endpoints behind JWT bearer (HS256),
// SQLite (or in-memory) stores, the webhook with its secret, and the Telegram emulator in place of Telegram.
// Usage: dotnet run -c Release --project benchmarks/SnsTelegram.Sdk.LoadHost -- [--port 5088] [--store sqlite|memory]
// It prints "READY <jwt file>" when it listens; the file holds a bearer token of the pre-linked user "load-user".
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

var port = int.Parse(Option(args, "--port") ?? "5088", CultureInfo.InvariantCulture);
var store = Option(args, "--store") ?? "sqlite";
const string Secret = "load-test-secret";
var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("load-host-signing-key-0123456789abcdefghij"));

await using var emulator = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions
{
    BotUsername = "sns_load_bot",
    RateLimits = TelegramEmulatorRateLimits.Disabled,
});
var directory = Directory.CreateTempSubdirectory("sns-telegram-load-").FullName;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "sns-load",
        ValidAudience = "sns-load",
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
    };
});
builder.Services.AddAuthorization();
var sns = builder.Services.AddSnsTelegram(o =>
{
    o.BotToken = emulator.BotToken;
    o.BotUsername = "sns_load_bot";
    o.ApiBaseUrl = emulator.BaseUrl;
    o.UpdateMode = TelegramUpdateMode.Webhook;
    o.WebhookSecret = Secret;
    o.Delivery.Enabled = false;
});
if (store == "sqlite")
{
    sns.UseSqlite($"Data Source={Path.Combine(directory, "load.db")}");
}

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapTelegramEndpoints().RequireAuthorization();
await app.StartAsync();

// The load user has a link, so GET status reads and serializes a whole record.
await app.Services.GetRequiredService<IChatLinkStore>().LinkAsync(
    new ChatLink
    {
        UserId = "load-user",
        ChatId = -1001234567890,
        ChatType = TelegramChatType.Supergroup,
        LinkedAt = TimeProvider.System.GetUtcNow(),
        Language = "ko",
        TimeZone = "Asia/Seoul",
    },
    exclusiveChat: false);

var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
{
    Subject = new ClaimsIdentity([new Claim("sub", "load-user")]),
    Issuer = "sns-load",
    Audience = "sns-load",
    Expires = DateTime.UtcNow.AddDays(1),
    SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
});
var jwtFile = Path.Combine(directory, "jwt.txt");
await File.WriteAllTextAsync(jwtFile, jwt);
Console.WriteLine($"READY {jwtFile}");
await app.WaitForShutdownAsync();
await app.DisposeAsync();
Directory.Delete(directory, recursive: true);

static string? Option(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
