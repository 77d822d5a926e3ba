using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Tests.Diagnostics;

/// <summary>The bot token travels in every Bot API request path; it must never reach a log or an exception.</summary>
public sealed class BotTokenLoggingTests
{
    private const string Secret = "TEST-token-that-must-never-be-logged";
    private const string Token = "123456:" + Secret;

    [Fact]
    public async Task GetMe_logs_the_redacted_address_and_never_the_token()
    {
        var handler = new BotApiHandler(HttpStatusCode.OK, """{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"Sns","username":"sns_test_bot"}}""");
        await using var provider = BuildProvider("http://127.0.0.1:8081", handler);

        var me = await provider.GetRequiredService<ITelegramBotClient>().GetMe();

        me.Username.ShouldBe("sns_test_bot");
        handler.RequestedUris.ShouldHaveSingleItem().AbsolutePath.ShouldBe($"/bot{Token}/getMe", "the token really was in the request path");
        var records = provider.GetFakeLogCollector().GetSnapshot();
        records.ShouldContain(r => r.Message.Contains("http://127.0.0.1:8081/bot<redacted>/getMe", StringComparison.Ordinal));
        ShouldNotLeak(records);
    }

    [Fact]
    public async Task An_api_error_neither_logs_nor_carries_the_token()
    {
        var handler = new BotApiHandler(HttpStatusCode.Unauthorized, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
        await using var provider = BuildProvider("http://127.0.0.1:8081", handler);

        var error = await Should.ThrowAsync<Exception>(() => provider.GetRequiredService<ITelegramBotClient>().GetMe());

        error.ShouldBeAssignableTo<Telegram.Bot.Exceptions.ApiRequestException>();
        ShouldNotContainToken(error.ToString());
        ShouldNotLeak(provider.GetFakeLogCollector().GetSnapshot());
    }

    [Fact]
    public async Task A_network_failure_neither_logs_nor_carries_the_token()
    {
        // A port that was just free: the connection is refused by the real socket handler.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var provider = BuildProvider($"http://127.0.0.1:{port}", handler: null);

        var error = await Should.ThrowAsync<Exception>(() => provider.GetRequiredService<ITelegramBotClient>().GetMe());

        FindInner<HttpRequestException>(error).ShouldNotBeNull(error.ToString());
        ShouldNotContainToken(error.ToString());
        var records = provider.GetFakeLogCollector().GetSnapshot();
        records.ShouldContain(r => r.Level == LogLevel.Warning && r.Message.Contains("bot<redacted>/getMe", StringComparison.Ordinal));
        ShouldNotLeak(records);
    }

    private static ServiceProvider BuildProvider(string apiBaseUrl, HttpMessageHandler? handler)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSnsTelegram(o =>
        {
            o.BotToken = Token;
            o.BotUsername = "sns_test_bot";
            o.ApiBaseUrl = apiBaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
        });
        if (handler is not null)
        {
            services.AddHttpClient(TelegramClientRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static void ShouldNotLeak(IReadOnlyList<FakeLogRecord> records)
    {
        records.ShouldNotBeEmpty("Trace logging is captured");
        foreach (var record in records)
        {
            ShouldNotContainToken(record.Message);
            ShouldNotContainToken(record.Exception?.ToString());
            foreach (var pair in record.StructuredState ?? [])
            {
                ShouldNotContainToken(pair.Key);
                ShouldNotContainToken(pair.Value);
            }

            foreach (var scope in record.Scopes)
            {
                ShouldNotContainToken(scope?.ToString());
            }
        }
    }

    private static void ShouldNotContainToken(string? text)
    {
        if (text is null)
        {
            return;
        }

        text.ShouldNotContain(Secret);
        text.ShouldNotContain(Uri.EscapeDataString(Token));
    }

    private static T? FindInner<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T match)
            {
                return match;
            }
        }

        return null;
    }

    private sealed class BotApiHandler(HttpStatusCode status, string json) : HttpMessageHandler
    {
        public List<Uri> RequestedUris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestedUris.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
