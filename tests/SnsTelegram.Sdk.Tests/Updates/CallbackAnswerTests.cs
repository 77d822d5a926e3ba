using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Tests.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Updates;

/// <summary>A button's answer goes through the send pipeline: it respects the bot's 429 pause and a 429 it gets pauses the bot.</summary>
public sealed class CallbackAnswerTests
{
    private const long Chat = 7910169750;

    [Fact]
    public async Task A_429_to_a_buttons_answer_pauses_the_bots_sends()
    {
        await using var host = new LinkingTestHost(services: s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging()));
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));
        host.Api.AnswerCallbackError = (429, "Too Many Requests: retry after 7", """{"retry_after":7}""");

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "mute:post_success"), default);

        host.Api.Method("answerCallbackQuery").ShouldHaveSingleItem();
        host.Get<DeliveryRateLimiter>().PausedUntil.ShouldBe(host.Time.GetUtcNow() + TimeSpan.FromSeconds(7), "every send of the bot waits");
        (await host.Links.GetAsync("user-1"))!.MutedTypes.ShouldContain(NotificationTypes.PostSuccess, "the press was handled anyway");
        host.Services.GetFakeLogCollector().GetSnapshot().ShouldContain(r => r.Id.Id == 1008 && r.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_buttons_answer_is_not_sent_into_a_long_pause()
    {
        await using var host = new LinkingTestHost();
        await host.SendTextAsync(Chat, "/start " + await host.IssueTokenAsync("user-1"));
        host.Get<DeliveryRateLimiter>().OnRateLimited(TimeSpan.FromSeconds(30));

        await host.Router.HandleAsync(LinkingTestHost.CallbackUpdate(host.NextUpdateId(), Chat, "stop"), default);

        host.Api.Method("answerCallbackQuery").ShouldBeEmpty("Telegram asked the bot to wait");
        (await host.Links.GetAsync("user-1"))!.Enabled.ShouldBeFalse("the press was handled anyway");
        (await host.Links.GetAsync("user-1"))!.DisabledReason.ShouldBe(ChatLinkDisabledReasons.StoppedByUser);
    }
}
