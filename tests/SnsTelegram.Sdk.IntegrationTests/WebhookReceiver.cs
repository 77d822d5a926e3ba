using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>
/// The app's side of the event webhook: Kestrel on 127.0.0.1 recording every request (headers and body) and answering
/// with the status <see cref="Answer"/> gives for the event id's try (1, 2, ...). It verifies signatures with its own
/// HMAC code, written from the Standard Webhooks specification, not with the library's.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _tries = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public Func<int, int> Answer { get; set; } = _ => 204;

    /// <summary>How many requests carried <paramref name="id"/>.</summary>
    public int TriesOf(string id) => _tries.GetValueOrDefault(id);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The requests the receiver accepted (2xx), one per event id so far.</summary>
    public IEnumerable<Received> Accepted => Requests.Where(r => r.Status is >= 200 and < 300);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, $"http://127.0.0.1:{port}/hooks/telegram");
        app.MapPost("/hooks/telegram", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var status = receiver.Answer(receiver._tries.AddOrUpdate(id, 1, static (_, n) => n + 1));
            receiver.Requests.Enqueue(new Received(
                id,
                http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(),
                http.Request.ContentType ?? string.Empty,
                body,
                status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>A fresh <c>whsec_</c> secret of 32 random bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One request as received.</summary>
    internal sealed record Received(string Id, string Timestamp, string Signature, string ContentType, string Body, int Status)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

        public string Type => Json.GetProperty("type").GetString()!;

        public JsonElement Data => Json.GetProperty("data");

        /// <summary>The <c>v1</c> signatures of the header.</summary>
        public IReadOnlyList<string> Signatures => Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal)).Select(s => s[3..]).ToList();

        /// <summary>
        /// Whether one of the signatures is HMAC-SHA256, keyed with the base64 after <c>whsec_</c>, of
        /// <c>id.timestamp.body</c> (compared in constant time).
        /// </summary>
        public bool IsSignedWith(string secret)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}"));
            return Signatures.Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s), expected));
        }
    }
}
