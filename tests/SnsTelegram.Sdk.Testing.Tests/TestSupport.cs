using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Testing.Tests;

internal static class TestSupport
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
}

/// <summary>A real Kestrel endpoint on 127.0.0.1 that records the webhook posts it receives.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Threading.Channels.Channel<ReceivedWebhook> _received = System.Threading.Channels.Channel.CreateUnbounded<ReceivedWebhook>();
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { _failuresLeft = failFirst };
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var secret = context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].ToString();
            var fail = Interlocked.Decrement(ref receiver._failuresLeft) >= 0;
            await receiver._received.Writer.WriteAsync(new ReceivedWebhook(body, secret, fail ? 500 : 200));
            context.Response.StatusCode = fail ? 500 : 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/telegram/webhook";
        return receiver;
    }

    public async Task<ReceivedWebhook> NextAsync()
    {
        using var cts = new CancellationTokenSource(TestSupport.Wait);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(string Body, string SecretHeader, int AnsweredStatus);
