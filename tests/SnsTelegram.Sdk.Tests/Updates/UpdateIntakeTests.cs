using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;
using SnsTelegram.Sdk.Tests.Linking;

namespace SnsTelegram.Sdk.Tests.Updates;

/// <summary>
/// What an update gets when it cannot be read or handled: kept and acknowledged when the fault is in the update or a
/// handler (Telegram would otherwise retry it for a day and hold the queue), asked for again when the store failed.
/// </summary>
public sealed class UpdateIntakeTests
{
    private const string HelpUpdate = """{"update_id":10,"message":{"message_id":1,"date":1772101800,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Mina","language_code":"en"},"text":"/help"}}""";

    private static async Task<WebhookResult> PostAsync(LinkingTestHost host, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return await host.Get<WebhookProcessor>().ProcessAsync(LinkingTestHost.Secret, new MemoryStream(bytes), bytes.Length, default);
    }

    private static LinkingTestHost HostWith(out FlakyStore<IChatLinkStore> links, out FlakyStore<IProcessedUpdateStore> updates)
    {
        var (linkStore, linkControl) = FlakyStores.Wrap<IChatLinkStore>(new InMemoryChatLinkStore());
        var (updateStore, updateControl) = FlakyStores.Wrap<IProcessedUpdateStore>(new InMemoryProcessedUpdateStore());
        links = linkControl;
        updates = updateControl;
        return new LinkingTestHost(services: s => s.AddSingleton(linkStore).AddSingleton(updateStore));
    }

    [Fact]
    public async Task A_handler_that_cannot_reach_the_store_asks_for_the_update_again_and_the_redelivery_is_handled()
    {
        await using var host = HostWith(out var links, out _);
        links.FailNext(nameof(IChatLinkStore.GetByChatAsync));

        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.RetryLater);
        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.Accepted);
        await host.DeliverQueuedAsync();

        host.Api.Sent(42).ShouldHaveSingleItem().Text.ShouldContain("Commands");
        (await host.Get<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_store_that_cannot_record_the_update_id_asks_for_the_update_again()
    {
        await using var host = HostWith(out _, out var updates);
        updates.FailNext(nameof(IProcessedUpdateStore.TryMarkProcessedAsync));

        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.RetryLater);
        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.Accepted);
        await host.DeliverQueuedAsync();

        host.Api.Sent(42).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_handler_bug_is_kept_acknowledged_and_counted_and_does_not_run_again()
    {
        await using var host = HostWith(out var links, out _);
        using var kept = new MetricCollector<long>(host.Get<System.Diagnostics.Metrics.IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.updates.kept");
        links.FailNext(nameof(IChatLinkStore.GetByChatAsync), error: () => new InvalidOperationException("a bug"));

        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.Accepted);
        (await PostAsync(host, HelpUpdate)).ShouldBe(WebhookResult.Accepted);
        await host.DeliverQueuedAsync();

        var update = (await host.Get<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldHaveSingleItem();
        update.UpdateId.ShouldBe(10);
        update.Source.ShouldBe("webhook");
        update.Reason.ShouldStartWith("handler_failed");
        update.Body.ShouldBe(HelpUpdate);
        update.ReceivedAt.ShouldBe(host.Time.GetUtcNow());
        host.Api.Sent(42).ShouldBeEmpty("the second delivery is a duplicate");
        kept.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags["reason"].ShouldBe("handler_failed");
    }

    [Theory]
    [InlineData("""{"update_id":11,"message":{"message_id":1,"date":1099511627776,"chat":{"id":42,"type":"private"},"text":"/help"}}""")]
    [InlineData("""{"update_id":12,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"M"},"date":1772101800,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"b"}},"new_chat_member":{"user":{"id":1,"is_bot":true,"first_name":"b"}}}}""")]
    [InlineData("""{"update_id":13,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"M"},"date":1772101800,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"b"}},"new_chat_member":{"status":"kicked","until_date":1099511627776,"user":{"id":1,"is_bot":true,"first_name":"b"}}}}""")]
    [InlineData("""{"update_id":14,"message":{"message_id":"one","date":1772101800,"chat":{"id":42,"type":"private"}}}""")]
    [InlineData("""{"update_id":1099511627776,"message":{"message_id":1,"date":1772101800,"chat":{"id":42,"type":"private"}}}""")]
    public async Task An_unreadable_update_is_kept_counted_and_acknowledged(string body)
    {
        await using var host = new LinkingTestHost();
        using var kept = new MetricCollector<long>(host.Get<System.Diagnostics.Metrics.IMeterFactory>(), SnsTelegramDiagnostics.Name, "snstelegram.updates.kept");

        (await PostAsync(host, body)).ShouldBe(WebhookResult.Accepted);

        var update = (await host.Get<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldHaveSingleItem();
        UpdateIntake.TryReadUpdateId(Encoding.UTF8.GetBytes(body), out var id).ShouldBeTrue();
        update.UpdateId.ShouldBe(id);
        update.Reason.ShouldStartWith("unreadable: ");
        update.Body.ShouldBe(body);
        kept.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags["reason"].ShouldBe("unreadable");
    }

    [Fact]
    public async Task An_unreadable_update_that_cannot_be_kept_is_asked_for_again()
    {
        await using var host = HostWith(out _, out var updates);
        updates.FailNext(nameof(IProcessedUpdateStore.AddUnreadableAsync));
        const string Unreadable = """{"update_id":21,"message":{"message_id":1,"date":1099511627776,"chat":{"id":42,"type":"private"}}}""";

        (await PostAsync(host, Unreadable)).ShouldBe(WebhookResult.RetryLater);
        (await PostAsync(host, Unreadable)).ShouldBe(WebhookResult.Accepted);

        (await host.Get<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldHaveSingleItem().UpdateId.ShouldBe(21);
    }

    [Fact]
    public async Task A_huge_unreadable_update_is_kept_cut_at_the_limit()
    {
        await using var host = new LinkingTestHost();
        var body = """{"update_id":31,"message":{"message_id":1,"date":1099511627776,"chat":{"id":42,"type":"private"},"text":" """ + new string('가', 100_000) + "\"}}";

        (await PostAsync(host, body)).ShouldBe(WebhookResult.Accepted);

        var update = (await host.Get<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldHaveSingleItem();
        update.Truncated.ShouldBeTrue();
        update.Body.Length.ShouldBe(UnreadableUpdate.MaxBodyLength);
        body.ShouldStartWith(update.Body);
    }

    [Fact]
    public async Task The_endpoint_answers_a_store_outage_with_503_and_retry_after()
    {
        await using var host = HostWith(out _, out var updates);
        updates.FailNext(nameof(IProcessedUpdateStore.TryMarkProcessedAsync));
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Headers[WebhookProcessor.SecretHeader] = LinkingTestHost.Secret;
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(HelpUpdate));

        var result = await WebhookEndpoint.HandleAsync(http, host.Get<WebhookProcessor>());

        var error = result.Result.ShouldBeOfType<JsonHttpResult<ErrorResponse>>();
        error.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        http.Response.Headers.RetryAfter.ToString().ShouldBe("5");
    }

    [Theory]
    [InlineData("""{"update_id":5}""", 5L)]
    [InlineData("""{"a":{"update_id":"x"},"update_id":9223372036854775807}""", long.MaxValue)]
    [InlineData("""{"update_id":0}""", null)]
    [InlineData("""{"update_id":-3}""", null)]
    [InlineData("""{"update_id":1.5}""", null)]
    [InlineData("""{"update_id":"5"}""", null)]
    [InlineData("""{"update_id":5} x""", null)]
    [InlineData("""{"message":{"update_id":5}}""", null)]
    [InlineData("""[{"update_id":5}]""", null)]
    public void The_envelope_is_a_json_object_with_a_positive_integer_update_id(string body, long? expected)
    {
        UpdateIntake.TryReadUpdateId(Encoding.UTF8.GetBytes(body), out var id).ShouldBe(expected is not null);
        if (expected is { } value)
        {
            id.ShouldBe(value);
        }
    }
}
