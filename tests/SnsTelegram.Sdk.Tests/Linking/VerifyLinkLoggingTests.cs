using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Tests.Linking;

/// <summary>What the verify-link endpoint logs: refusals for too many wrong codes, and a confirmation Telegram refused.</summary>
public sealed class VerifyLinkLoggingTests
{
    private static LinkingTestHost Host(Action<SnsTelegramOptions>? configure = null) =>
        new(configure, services => services.AddLogging(logging => logging.AddFakeLogging()));

    private static async Task<IResult> VerifyAsync(LinkingTestHost host, string userId, string code)
    {
        var http = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId)], "test")),
        };
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"code\":\"{code}\"}}"));
        var result = await TelegramEndpoints.VerifyLinkAsync(
            http,
            host.Get<ITelegramUserIdAccessor>(),
            host.Tokens,
            host.Get<UserLimiter>(),
            host.Get<AccountLinker>(),
            host.Get<BotReplySender>(),
            host.Get<IOptionsMonitor<SnsTelegramOptions>>(),
            host.Get<ILoggerFactory>(),
            CancellationToken.None);
        return result.Result;
    }

    private static int StatusOf(IResult result) => result.ShouldBeAssignableTo<IStatusCodeHttpResult>().ShouldNotBeNull().StatusCode.ShouldNotBeNull();

    [Fact]
    public async Task A_user_refused_for_too_many_wrong_codes_is_logged_without_the_codes()
    {
        await using var host = Host(o => o.LinkTokenIssueLimit = 3);
        var logs = host.Services.GetFakeLogCollector();
        string[] codes = ["ZZZZ-ZZ01", "ZZZZ-ZZ02", "ZZZZ-ZZ03", "ZZZZ-ZZ04"];
        for (var i = 0; i < 3; i++)
        {
            StatusOf(await VerifyAsync(host, "guesser", codes[i])).ShouldBe(StatusCodes.Status400BadRequest);
        }

        logs.GetSnapshot().ShouldNotContain(r => r.Id.Name == "VerifyAttemptsExceeded", "wrong codes within the limit are not refusals");

        StatusOf(await VerifyAsync(host, "guesser", codes[3])).ShouldBe(StatusCodes.Status429TooManyRequests);

        var refused = logs.GetSnapshot().Where(r => r.Id.Name == "VerifyAttemptsExceeded").ShouldHaveSingleItem();
        refused.Level.ShouldBe(LogLevel.Warning);
        refused.Id.Id.ShouldBe(1006);
        refused.GetStructuredStateValue("Limit").ShouldBe("3");
        foreach (var record in logs.GetSnapshot())
        {
            foreach (var code in codes)
            {
                record.Message.ShouldNotContain(code);
                (record.StructuredState ?? []).ShouldNotContain(pair => pair.Value != null && pair.Value.Contains(code, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task A_link_confirmation_Telegram_refuses_is_logged_without_its_text_and_the_link_stays()
    {
        await using var host = Host();
        var code = await host.Tokens.IssueChatCodeAsync(4242, TelegramChatType.Private, "en", CancellationToken.None);
        host.Api.SendMessageError = (403, "Forbidden: bot was blocked by the user", null);

        var result = await VerifyAsync(host, "alice", code.Token);
        await host.DeliverQueuedAsync();

        result.ShouldBeOfType<JsonHttpResult<VerifyLinkResponse>>().Value.ShouldNotBeNull().TelegramChatId.ShouldBe("4242");
        (await host.Links.GetAsync("alice")).ShouldNotBeNull().ChatId.ShouldBe(4242);
        var confirmation = host.Api.Sent(4242).ShouldHaveSingleItem("the confirmation was tried");
        confirmation.Text.ShouldNotBeNullOrEmpty();
        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        var refused = records.Where(r => r.Id.Name == "DeadLettered").ShouldHaveSingleItem();
        refused.Message.ShouldContain(ChatLinkDisabledReasons.BotBlocked);
        records.ShouldContain(r => r.Id.Name == "ChatDisabled");
        foreach (var record in records)
        {
            record.Message.ShouldNotContain(confirmation.Text);
            (record.Exception?.ToString() ?? string.Empty).ShouldNotContain(confirmation.Text);
        }
    }
}
