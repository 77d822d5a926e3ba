using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Tests.Linking;
using SnsTelegram.Sdk.Tests.Scheduling;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Tests.Updates;

public sealed class BotSetupServiceTests
{
    [Fact]
    public async Task Setup_that_keeps_failing_logs_every_attempt_and_the_last_one_with_its_exception()
    {
        var api = new FailingBotApi();
        await using var host = new LinkingTestHost(services: services =>
        {
            services.AddLogging(logging => logging.AddFakeLogging());
            services.AddSingleton<ITelegramBotClient>(new TelegramBotClient(new TelegramBotClientOptions(LinkingTestHost.BotToken, "http://bot-api.test"), new HttpClient(api)));
        });
        var logs = host.Services.GetFakeLogCollector();
        var setup = host.Services.GetServices<IHostedService>().OfType<BotSetupService>().Single();

        await setup.StartAsync(CancellationToken.None);

        // The retries wait on the fake clock: move it on until the service gives up.
        await Eventually.WaitUntilAsync(
            () =>
            {
                host.Time.Advance(TimeSpan.FromMinutes(1));
                return Task.FromResult(logs.GetSnapshot().Any(r => r.Id.Name == "BotSetupGaveUp"));
            },
            "the bot setup to give up");
        await setup.StopAsync(CancellationToken.None);

        var records = logs.GetSnapshot();
        var retries = records.Where(r => r.Id.Name == "BotSetupFailed").ToList();
        retries.Select(r => r.GetStructuredStateValue("Attempt")).ShouldBe(["1", "2", "3", "4", "5"]);
        retries.ShouldAllBe(r => r.Exception is ApiRequestException);
        var gaveUp = records.Where(r => r.Id.Name == "BotSetupGaveUp").ShouldHaveSingleItem();
        gaveUp.Level.ShouldBe(LogLevel.Error);
        gaveUp.Exception.ShouldBeOfType<ApiRequestException>().ErrorCode.ShouldBe(500);
        api.Calls.ShouldBe(6, "six attempts, each failing at its first call");
        foreach (var record in records)
        {
            record.Message.ShouldNotContain(LinkingTestHost.BotToken);
            (record.Exception?.ToString() ?? string.Empty).ShouldNotContain(LinkingTestHost.BotToken);
        }
    }

    /// <summary>A Bot API that answers every call with an internal error.</summary>
    private sealed class FailingBotApi : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent("""{"ok":false,"error_code":500,"description":"Internal Server Error"}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
