using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Tests.Linking;

namespace SnsTelegram.Sdk.Tests.Delivery;

/// <summary>Telegram answering 401 (the bot token revoked or wrong) is told apart from an outage everywhere the library reports Telegram's state.</summary>
public sealed class BotTokenRejectedTests
{
    [Fact]
    public async Task A_401_is_reported_as_a_rejected_token_by_the_direct_sender_the_health_check_and_the_log_and_clears_when_the_token_works()
    {
        await using var host = new LinkingTestHost(services: s =>
        {
            s.AddLogging(logging => logging.AddFakeLogging());
            s.AddHealthChecks().AddSnsTelegramDelivery();
        });
        await host.Links.LinkAsync(new ChatLink { UserId = "revoked", ChatId = 4242, ChatType = TelegramChatType.Private, LinkedAt = host.Time.GetUtcNow() }, exclusiveChat: true);
        var dispatcher = host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        var sender = host.Get<ITelegramDirectSender>();
        var health = host.Get<HealthCheckService>();
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            host.Api.SendMessageError = (401, "Unauthorized", null);
            var refused = await sender.SendNowAsync("revoked", new TestMessage("revoked"));

            refused.Status.ShouldBe(DirectSendStatus.BotTokenRejected);
            var entry = (await health.CheckHealthAsync()).Entries["snstelegram_delivery"];
            entry.Status.ShouldBe(HealthStatus.Unhealthy);
            entry.Description.ShouldNotBeNull().ShouldContain("rejects the bot token (401 Unauthorized)");
            entry.Data.ShouldContainKey("bot_token_rejected_since");
            var logs = host.Services.GetFakeLogCollector().GetSnapshot();
            logs.ShouldContain(r => r.Id.Id == 2070 && r.Level == LogLevel.Critical);
            logs.ShouldAllBe(r => !r.Message.Contains(LinkingTestHost.BotToken.Split(':', 2)[1]));

            host.Api.SendMessageError = null;
            var sent = await sender.SendNowAsync("revoked", new TestMessage("revoked"));

            sent.Status.ShouldBe(DirectSendStatus.Sent);
            (await health.CheckHealthAsync()).Entries["snstelegram_delivery"].Status.ShouldBe(HealthStatus.Healthy);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void The_gateway_classifies_401_apart_from_an_outage()
    {
        var unauthorized = TelegramGateway.Classify(401, "Unauthorized", null);
        var outage = TelegramGateway.Classify(502, "Bad Gateway", null);

        unauthorized.BotTokenRejected.ShouldBeTrue();
        unauthorized.Error.ShouldNotBeNull().ShouldStartWith(DeliveryReasons.BotTokenRejected + ":");
        outage.BotTokenRejected.ShouldBeFalse();
        outage.Kind.ShouldBe(SendOutcomeKind.Transient);
    }
}
