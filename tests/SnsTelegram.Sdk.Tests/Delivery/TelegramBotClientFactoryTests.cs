using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Tests.Linking;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>
/// Long-lived components take a Bot API client per call, so the HTTP client factory's handler rotation reaches them;
/// the clients keep the token-safe logging and never retry on their own.
/// </summary>
public sealed class TelegramBotClientFactoryTests
{
    [Fact]
    public async Task Singletons_take_a_new_client_from_the_http_client_factory_for_every_call()
    {
        var api = new FakeBotApi();
        var clients = 0;
        await using var provider = BuildProvider(api, () => Interlocked.Increment(ref clients));
        var replies = provider.GetRequiredService<BotReplySender>();
        var gateway = provider.GetRequiredService<ITelegramGateway>();
        clients.ShouldBe(0, "resolving the singletons creates no client");

        await replies.SendAsync(1, "one", CancellationToken.None);
        await replies.SendAsync(1, "two", CancellationToken.None);
        (await gateway.SendAsync(2, new TelegramMessage("three"), CancellationToken.None)).Kind.ShouldBe(SendOutcomeKind.Sent);

        clients.ShouldBe(3, "one client per call, not one per singleton");
        api.Method("sendMessage").Select(c => c.Text).ShouldBe(["one", "two", "three"]);
        var records = provider.GetFakeLogCollector().GetSnapshot();
        records.Count(r => r.Message.Contains("/bot<redacted>/sendMessage", StringComparison.Ordinal) && r.Message.Contains("answered 200", StringComparison.Ordinal)).ShouldBe(3);
        records.ShouldNotContain(r => r.Message.Contains(LinkingTestHost.BotToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_never_retries_a_429_itself()
    {
        var api = new FakeBotApi { SendMessageError = (429, "Too Many Requests: retry after 1", """{"retry_after":1}""") };
        await using var provider = BuildProvider(api, () => { });

        var outcome = await provider.GetRequiredService<ITelegramGateway>().SendAsync(2, new TelegramMessage("x"), CancellationToken.None);

        outcome.Kind.ShouldBe(SendOutcomeKind.RateLimited);
        api.Method("sendMessage").Count.ShouldBe(1, "the pipeline owns retries");
    }

    private static ServiceProvider BuildProvider(FakeBotApi api, Action clientCreated)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSnsTelegram(o =>
        {
            o.BotToken = LinkingTestHost.BotToken;
            o.BotUsername = LinkingTestHost.BotUsername;
            o.ApiBaseUrl = "http://bot-api.test";
            o.UpdateMode = TelegramUpdateMode.None;
        });
        services.AddHttpClient(TelegramClientRegistration.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => api)
            .ConfigureHttpClient(_ => clientCreated());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
