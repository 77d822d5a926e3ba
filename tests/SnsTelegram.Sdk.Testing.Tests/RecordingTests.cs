using System.Collections.Concurrent;
using System.Net;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Testing.Tests;

public sealed class RecordingTests
{
    [Fact]
    public async Task The_conversation_holds_both_sides_and_the_event_reports_every_change()
    {
        await using var telegram = await TestEmulator.StartAsync();
        var user = telegram.CreateUser();
        var bot = telegram.Bot();
        var events = new ConcurrentQueue<RecordedMessage>();
        telegram.MessageRecorded += (_, e) => events.Enqueue(e.Message);

        await user.SendTextAsync("/status");
        var sent = await bot.SendMessage(user.Id, "Linked");
        await bot.EditMessageText(user.Id, sent.MessageId, "Linked ✅");
        await bot.DeleteMessage(user.Id, sent.MessageId);

        telegram.GetConversation(user.Id).Select(m => (m.FromBot, m.Text)).ShouldBe([(false, "/status"), (true, "Linked ✅")]);
        telegram.GetMessages(user.Id).ShouldHaveSingleItem().IsDeleted.ShouldBeTrue();
        events.Select(m => (m.Text, m.EditedAt is not null, m.IsDeleted)).ShouldBe([
            ("/status", false, false), ("Linked", false, false), ("Linked ✅", true, false), ("Linked ✅", true, true)]);
        telegram.Counters.GetCalls("sendMessage").ShouldBe(1);
        telegram.Counters.MessagesDeleted.ShouldBe(1);
    }

    [Fact]
    public async Task Webhooks_can_be_posted_through_a_custom_handler()
    {
        var handler = new RecordingHandler();
        await using var telegram = await TestEmulator.StartAsync(o =>
        {
            o.AllowLoopbackWebhooks = true;
            o.WebhookHandler = handler;
        });
        var user = telegram.CreateUser();
        await telegram.Bot().SetWebhook("http://localhost/api/telegram/webhook", secretToken: "abc");

        var updateId = await user.PressStartAsync("tok");
        await telegram.WaitForDeliveryAsync(updateId, TestSupport.Wait);

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Uri.ShouldBe("http://localhost/api/telegram/webhook");
        request.Secret.ShouldBe("abc");
        request.Body.ShouldContain("/start tok");
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public ConcurrentQueue<(string Uri, string Secret, string Body)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue((request.RequestUri!.ToString(), request.Headers.GetValues("X-Telegram-Bot-Api-Secret-Token").Single(), body));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_webhook_failures_without_the_token()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        using var loggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)]);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var telegram = await TestEmulator.StartAsync(o =>
        {
            o.LoggerFactory = loggerFactory;
            o.AllowLoopbackWebhooks = true;
            o.WebhookRetryDelay = TimeSpan.FromMilliseconds(10);
        });
        var user = telegram.CreateUser();
        await telegram.Bot().SetWebhook(receiver.Url);
        await telegram.Bot().SendMessage(user.Id, "secret message text");

        var updateId = await user.SendTextAsync("hello");
        await telegram.WaitForDeliveryAsync(updateId, TestSupport.Wait);

        var records = logs.GetSnapshot();
        records.ShouldContain(r => r.Id.Id == 9001);
        records.ShouldAllBe(r => !r.Message.Contains(telegram.BotToken.Split(':', StringSplitOptions.None)[1]) && !r.Message.Contains("secret message text"));
    }
}
