using System.Text;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Tests.Linking;

namespace SnsTelegram.Sdk.Tests.Updates;

public sealed class WebhookProcessorTests
{
    private const string HelpUpdate = """{"update_id":10,"message":{"message_id":1,"date":1772101800,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"Mina","language_code":"en"},"text":"/help"}}""";

    private static Task<WebhookResult> PostAsync(LinkingTestHost host, string? secret, string body, long? length = -1) =>
        PostAsync(host, secret, Encoding.UTF8.GetBytes(body), length);

    private static async Task<WebhookResult> PostAsync(LinkingTestHost host, string? secret, byte[] body, long? length = -1) =>
        await host.Get<WebhookProcessor>().ProcessAsync(secret, new MemoryStream(body), length == -1 ? body.Length : length, default);

    [Fact]
    public async Task An_update_with_the_secret_is_processed()
    {
        await using var host = new LinkingTestHost();

        (await PostAsync(host, LinkingTestHost.Secret, HelpUpdate)).ShouldBe(WebhookResult.Accepted);
        await host.DeliverQueuedAsync();

        host.Api.Sent(42).ShouldHaveSingleItem().Text.ShouldContain("Commands");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("webhook-secret_2")]
    [InlineData("webhook-secret_")]
    [InlineData("webhook-secret_11")]
    public async Task A_missing_or_wrong_secret_processes_nothing(string? secret)
    {
        await using var host = new LinkingTestHost();

        (await PostAsync(host, secret, HelpUpdate)).ShouldBe(WebhookResult.Unauthorized);

        host.Api.Calls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"message\":{}}")]
    [InlineData("{\"update_id\":\"x\"}")]
    public async Task Malformed_bodies_are_refused(string body)
    {
        await using var host = new LinkingTestHost();

        (await PostAsync(host, LinkingTestHost.Secret, body)).ShouldBe(WebhookResult.Malformed);
    }

    [Fact]
    public async Task Bodies_over_one_megabyte_are_refused_whether_announced_or_not()
    {
        await using var host = new LinkingTestHost();
        var big = Encoding.UTF8.GetBytes("{\"update_id\":1,\"x\":\"" + new string('a', WebhookProcessor.MaxBodyBytes) + "\"}");

        (await PostAsync(host, LinkingTestHost.Secret, big)).ShouldBe(WebhookResult.TooLarge);
        (await PostAsync(host, LinkingTestHost.Secret, big, length: null)).ShouldBe(WebhookResult.TooLarge);
        host.Api.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_update_types_are_accepted_and_ignored()
    {
        await using var host = new LinkingTestHost();

        (await PostAsync(host, LinkingTestHost.Secret, """{"update_id":11,"poll":{"id":"p","question":"q","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}""")).ShouldBe(WebhookResult.Accepted);
        (await PostAsync(host, LinkingTestHost.Secret, """{"update_id":12,"something_new":{"a":1}}""")).ShouldBe(WebhookResult.Accepted);

        host.Api.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_webhook_is_closed_outside_webhook_mode()
    {
        await using var host = new LinkingTestHost(o => o.UpdateMode = TelegramUpdateMode.Polling);

        (await PostAsync(host, LinkingTestHost.Secret, HelpUpdate)).ShouldBe(WebhookResult.NotEnabled);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("abc", null, false)]
    public void Secrets_are_compared_exactly(string expected, string? given, bool match) =>
        WebhookProcessor.SecretMatches(given, expected).ShouldBe(match);
}
