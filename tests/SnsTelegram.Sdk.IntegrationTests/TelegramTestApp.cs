using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>
/// A real app on 127.0.0.1 (Kestrel, JWT bearer with HS256, a SQLite file unless told otherwise) wired to a Telegram emulator, in webhook or
/// polling mode. The library's clock is a <see cref="FakeTimeProvider"/> so tests can let tokens expire.
/// </summary>
internal sealed class TelegramTestApp : IAsyncDisposable
{
    public const string BotUsername = "sns_test_bot";
    public const string Secret = "it-webhook_secret-1";
    public const string Issuer = "sns-test";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly SymmetricSecurityKey SigningKey = new(Encoding.UTF8.GetBytes("integration-tests-signing-key-0123456789abcdef"));

    /// <summary>The authorization policy the admin tests guard the admin endpoints with: the claim <c>role</c> = <c>operator</c>.</summary>
    public const string AdminPolicy = "admin";

    private readonly string _directory;
    private bool _ownsEmulator = true;

    private TelegramTestApp(TelegramEmulator emulator, WebApplication app, HttpClient http, FakeTimeProvider time, string directory, TelegramUpdateMode mode)
    {
        Emulator = emulator;
        App = app;
        Http = http;
        Time = time;
        _directory = directory;
        Mode = mode;
    }

    public TelegramEmulator Emulator { get; }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public FakeTimeProvider Time { get; }

    public TelegramUpdateMode Mode { get; }

    /// <summary>What the app logged.</summary>
    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public string DatabasePath => Path.Combine(_directory, "sns-telegram.db");

    /// <summary>
    /// Starts the app; <paramref name="storage"/> chooses the stores (default: a SQLite file in the app's temporary
    /// directory); <paramref name="extend"/> adds to the library's registration (event handlers, ...);
    /// <paramref name="endpoints"/> maps more endpoints (such as the admin endpoints) after the account endpoints;
    /// <paramref name="emulator"/> shares a running emulator (which the caller then disposes) instead of starting one.
    /// </summary>
    public static async Task<TelegramTestApp> StartAsync(
        TelegramUpdateMode mode,
        Action<SnsTelegramOptions>? configure = null,
        Action<ISnsTelegramBuilder>? storage = null,
        Action<TelegramEmulatorOptions>? emulatorOptions = null,
        Action<WebApplication>? endpoints = null,
        TelegramEmulator? emulator = null,
        Action<ILoggingBuilder>? logging = null,
        Action<ISnsTelegramBuilder>? extend = null)
    {
        var ownsEmulator = emulator is null;
        emulator ??= await TestEmulator.StartAsync(o =>
        {
            o.BotUsername = BotUsername;
            o.AllowLoopbackWebhooks = true;
            emulatorOptions?.Invoke(o);
        });
        var directory = Directory.CreateTempSubdirectory("sns-telegram-it-").FullName;
        var port = FreePort();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "name",
                ValidIssuer = Issuer,
                ValidAudience = Issuer,
                IssuerSigningKey = SigningKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            };
        });
        builder.Services.AddAuthorization(o => o.AddPolicy(AdminPolicy, p => p.RequireClaim("role", "operator")));
        var snsTelegram = builder.Services.AddSnsTelegram(o =>
        {
            o.BotToken = emulator.BotToken;
            o.BotUsername = BotUsername;
            o.ApiBaseUrl = emulator.BaseUrl;
            o.UpdateMode = mode;
            o.WebhookSecret = Secret;
            o.WebhookUrl = mode == TelegramUpdateMode.Webhook ? $"http://127.0.0.1:{port}/api/telegram/webhook" : null;
            o.AllowInsecureLoopbackWebhook = true;
            o.DefaultLanguage = "en";
            o.Delivery.GlobalMessagesPerSecond = 0;
            o.Delivery.PrivateChatMessagesPerSecond = 0;
            o.Delivery.GroupMessagesPerMinute = 0;
            configure?.Invoke(o);
        });
        if (storage is null)
        {
            snsTelegram.UseSqlite($"Data Source={Path.Combine(directory, "sns-telegram.db")}");
        }
        else
        {
            storage(snsTelegram);
        }

        extend?.Invoke(snsTelegram);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTelegramEndpoints().RequireAuthorization();
        endpoints?.Invoke(app);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var started = new TelegramTestApp(emulator, app, http, time, directory, mode) { _ownsEmulator = ownsEmulator };
        if (mode == TelegramUpdateMode.Webhook)
        {
            await Eventually.WaitUntilAsync(() => emulator.WebhookUrl is not null, "the webhook is registered", Wait);
        }

        return started;
    }

    public EmulatedUser CreateUser(string language = "en") => Emulator.CreateUser("Mina", languageCode: language);

    /// <summary>A bearer token for <paramref name="userId"/> in the <c>sub</c> claim.</summary>
    public static string Jwt(string userId) => Jwt([new Claim("sub", userId)]);

    /// <summary>A bearer token of an operator named <paramref name="name"/> (claims <c>name</c>, and <c>role</c> = <c>operator</c> unless <paramref name="isOperator"/> is false).</summary>
    public static string OperatorJwt(string name, bool isOperator = true) =>
        Jwt(isOperator ? [new Claim("sub", name), new Claim("name", name), new Claim("role", "operator")] : [new Claim("sub", name), new Claim("name", name)]);

    private static string Jwt(Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity(claims),
        Issuer = Issuer,
        Audience = Issuer,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
    });

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? userId, object? body = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, "/api/telegram/" + path);
        if (userId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt(userId));
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    /// <summary>Sends <paramref name="body"/> byte for byte (invalid UTF-8 included) as JSON, as <paramref name="userId"/>.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendBytesAsync(HttpMethod method, string path, string? userId, byte[] body)
    {
        using var request = new HttpRequestMessage(method, "/api/telegram/" + path);
        if (userId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt(userId));
        }

        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    /// <summary>Calls the admin endpoint <c>/api/telegram/admin/{path}</c> with <paramref name="bearer"/> (null: anonymous).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> AdminAsync(HttpMethod method, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(method, "/api/telegram/admin/" + path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? userId) => SendAsync(HttpMethod.Get, path, userId);

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string? userId, object? body = null) => SendAsync(HttpMethod.Post, path, userId, body);

    /// <summary>Asks for a deep-link token as <paramref name="userId"/>.</summary>
    public async Task<string> LinkTokenAsync(string userId)
    {
        var (status, body) = await GetAsync("link-account", userId);
        status.ShouldBe(HttpStatusCode.OK);
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>Waits until the app has handled an update the emulator queued.</summary>
    public Task DeliveredAsync(long updateId) => Emulator.WaitForDeliveryAsync(updateId, Wait);

    /// <summary>Links <paramref name="userId"/> to the private chat of <paramref name="user"/> by deep link.</summary>
    public async Task LinkAsync(string userId, EmulatedUser user)
    {
        var token = await LinkTokenAsync(userId);
        await DeliveredAsync(await user.PressStartAsync(token));
        (await GetAsync("status", userId)).Body.GetProperty("telegram_enabled").GetBoolean().ShouldBeTrue();
    }

    /// <summary>The next bot message in a chat that no earlier call returned.</summary>
    public Task<RecordedMessage> NextMessageAsync(long chatId) => Emulator.WaitForMessageAsync(chatId, Wait);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsEmulator)
        {
            await Emulator.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection; the temp folder is cleaned by the system
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
