using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Linking;

public sealed class LinkTokenServiceTests
{
    [Fact]
    public async Task A_token_links_once()
    {
        await using var host = new LinkingTestHost();
        var token = await host.IssueTokenAsync("user-1");

        var first = await host.Tokens.RedeemDeepLinkAsync(token, default);
        var second = await host.Tokens.RedeemDeepLinkAsync(token, default);

        first.Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        first.Token!.UserId.ShouldBe("user-1");
        second.Status.ShouldBe(LinkTokenConsumeStatus.AlreadyUsed);
        second.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime()
    {
        await using var host = new LinkingTestHost(o => o.LinkTokenLifetime = TimeSpan.FromMinutes(5));
        var result = await host.Tokens.IssueDeepLinkAsync("user-1", default);
        result.Issued!.ExpiresAt.ShouldBe(host.Time.GetUtcNow() + TimeSpan.FromMinutes(5));

        host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        (await host.Tokens.RedeemDeepLinkAsync(result.Issued.Token, default)).Status.ShouldBe(LinkTokenConsumeStatus.Expired);
    }

    [Fact]
    public async Task A_newer_token_retires_the_older_one()
    {
        await using var host = new LinkingTestHost();
        var older = await host.IssueTokenAsync("user-1");
        var newer = await host.IssueTokenAsync("user-1");

        (await host.Tokens.RedeemDeepLinkAsync(older, default)).Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        (await host.Tokens.RedeemDeepLinkAsync(newer, default)).Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
    }

    [Fact]
    public async Task Issuing_is_limited_per_user_and_window()
    {
        await using var host = new LinkingTestHost(o =>
        {
            o.LinkTokenIssueLimit = 3;
            o.LinkTokenIssueWindow = TimeSpan.FromMinutes(10);
        });
        for (var i = 0; i < 3; i++)
        {
            (await host.Tokens.IssueDeepLinkAsync("user-1", default)).IsRateLimited.ShouldBeFalse();
        }

        var refused = await host.Tokens.IssueDeepLinkAsync("user-1", default);
        refused.IsRateLimited.ShouldBeTrue();
        refused.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        (await host.Tokens.IssueDeepLinkAsync("user-2", default)).IsRateLimited.ShouldBeFalse();

        host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        (await host.Tokens.IssueDeepLinkAsync("user-1", default)).IsRateLimited.ShouldBeFalse();
    }

    [Fact]
    public async Task Only_a_hash_reaches_the_store()
    {
        var recorded = new ConcurrentQueue<LinkTokenRecord>();
        await using var host = new LinkingTestHost(services: s => s.Decorate(recorded));
        var token = await host.IssueTokenAsync("user-1");
        var code = await host.Tokens.IssueChatCodeAsync(99, TelegramChatType.Group, "en", default);

        recorded.Count.ShouldBe(2);
        foreach (var record in recorded)
        {
            record.TokenHash.ShouldNotContain(token);
            record.TokenHash.ShouldNotContain(code.Token);
            record.ToString().ShouldNotContain(token);
        }

        recorded.First().TokenHash.ShouldBe(LinkSecrets.Hash(token));
    }

    [Fact]
    public async Task Garbage_payloads_are_not_found()
    {
        await using var host = new LinkingTestHost();

        (await host.Tokens.RedeemDeepLinkAsync("not a token", default)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await host.Tokens.RedeemDeepLinkAsync(LinkSecrets.NewToken(), default)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
        (await host.Tokens.RedeemChatCodeAsync("?", default)).Status.ShouldBe(LinkTokenConsumeStatus.NotFound);
    }

    [Fact]
    public async Task A_deep_link_token_is_not_a_chat_code_and_the_reverse()
    {
        await using var host = new LinkingTestHost();
        var code = await host.Tokens.IssueChatCodeAsync(5, TelegramChatType.Private, null, default);

        (await host.Tokens.RedeemDeepLinkAsync(code.Token, default)).Succeeded.ShouldBeFalse();
        (await host.Tokens.RedeemChatCodeAsync(code.Token, default)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Chat_codes_carry_their_chat_are_typed_loosely_and_a_newer_one_retires_the_older()
    {
        await using var host = new LinkingTestHost(o => o.LinkCodeLifetime = TimeSpan.FromMinutes(3));
        var older = await host.Tokens.IssueChatCodeAsync(-100500, TelegramChatType.Supergroup, "en", default);
        var newer = await host.Tokens.IssueChatCodeAsync(-100500, TelegramChatType.Supergroup, "en", default);
        newer.ExpiresAt.ShouldBe(host.Time.GetUtcNow() + TimeSpan.FromMinutes(3));

        (await host.Tokens.RedeemChatCodeAsync(older.Token, default)).Status.ShouldBe(LinkTokenConsumeStatus.Retired);
        var typed = newer.Token[..4].ToLowerInvariant() + "-" + newer.Token[4..];
        var redeemed = await host.Tokens.RedeemChatCodeAsync(typed, default);

        redeemed.Status.ShouldBe(LinkTokenConsumeStatus.Consumed);
        redeemed.Token!.ChatId.ShouldBe(-100500);
        redeemed.Token.ChatType.ShouldBe(TelegramChatType.Supergroup);
        redeemed.Token.Language.ShouldBe("en");
    }

    [Fact]
    public async Task Of_many_concurrent_redeemers_exactly_one_wins()
    {
        await using var host = new LinkingTestHost();
        var token = await host.IssueTokenAsync("user-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await host.Tokens.RedeemDeepLinkAsync(token, default))));

        results.Count(r => r.Status == LinkTokenConsumeStatus.Consumed).ShouldBe(1);
        results.Count(r => r.Status == LinkTokenConsumeStatus.AlreadyUsed).ShouldBe(31);
    }

    [Fact]
    public async Task Issues_and_redemptions_are_counted()
    {
        await using var host = new LinkingTestHost();
        var meters = host.Get<System.Diagnostics.Metrics.IMeterFactory>();
        using var issued = new MetricCollector<long>(meters, SnsTelegramDiagnostics.Name, "snstelegram.link_tokens.issued");
        using var redeemed = new MetricCollector<long>(meters, SnsTelegramDiagnostics.Name, "snstelegram.link_tokens.redeemed");

        var token = await host.IssueTokenAsync("user-1");
        await host.Tokens.RedeemDeepLinkAsync(token, default);
        await host.Tokens.RedeemDeepLinkAsync(token, default);

        issued.GetMeasurementSnapshot().Single().Tags["kind"].ShouldBe("deep_link");
        redeemed.GetMeasurementSnapshot().Select(m => m.Tags["result"]).ShouldBe(["consumed", "already_used"]);
    }
}

internal static class StoreDecoration
{
    /// <summary>Wraps the registered token store so a test sees what is written to it.</summary>
    public static void Decorate(this IServiceCollection services, ConcurrentQueue<LinkTokenRecord> recorded)
    {
        var inner = services.Last(d => d.ServiceType == typeof(ILinkTokenStore));
        services.AddSingleton<ILinkTokenStore>(sp => new RecordingTokenStore(
            (ILinkTokenStore)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
            recorded));
    }

    private sealed class RecordingTokenStore(ILinkTokenStore inner, ConcurrentQueue<LinkTokenRecord> recorded) : ILinkTokenStore
    {
        public ValueTask AddAsync(LinkTokenRecord token, CancellationToken cancellationToken = default)
        {
            recorded.Enqueue(token);
            return inner.AddAsync(token, cancellationToken);
        }

        public ValueTask<LinkTokenConsumeResult> ConsumeAsync(string tokenHash, LinkTokenKind kind, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            inner.ConsumeAsync(tokenHash, kind, now, cancellationToken);

        public ValueTask<int> CountIssuedSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
            inner.CountIssuedSinceAsync(userId, since, cancellationToken);

        public ValueTask<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default) =>
            inner.PurgeAsync(expiredBefore, cancellationToken);
    }
}
