using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The endpoint handlers. Errors use <c>{"status":"error","message":"..."}</c> and never carry internals.</summary>
internal static class TelegramEndpoints
{
    private const string NotSignedIn = "Sign in to manage your Telegram link.";
    private const string NotLinkedMessage = "Your account is not linked to Telegram.";

    public static async Task<Results<JsonHttpResult<LinkAccountResponse>, JsonHttpResult<ErrorResponse>>> LinkAccountAsync(
        HttpContext http, ITelegramUserIdAccessor users, LinkTokenService tokens, IOptionsMonitor<SnsTelegramOptions> options, CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (await RequestBody.ReadNoFieldsAsync(http.Request, cancellationToken).ConfigureAwait(false) is { } unexpected)
        {
            return Error(unexpected.StatusCode, unexpected.Message);
        }

        // target=group: the link adds the bot to a group (startgroup), where an administrator completes it
        var targets = http.Request.Query["target"];
        var target = targets.Count == 0 ? "private" : targets.Count == 1 ? targets[0] : null;
        if (target is not ("private" or "group"))
        {
            return Error(StatusCodes.Status400BadRequest, "target must be private or group.");
        }

        var result = await tokens.IssueDeepLinkAsync(userId, cancellationToken).ConfigureAwait(false);
        if (result.Issued is not { } issued)
        {
            SetRetryAfter(http, result.RetryAfter);
            return Error(StatusCodes.Status429TooManyRequests, "Too many link requests. Try again later.");
        }

        var bot = options.CurrentValue.BotUsername.TrimStart('@');
        return TypedResults.Json(
            new LinkAccountResponse($"https://t.me/{bot}?{(target == "group" ? "startgroup" : "start")}={issued.Token}", issued.Token, bot, WireFormat.Timestamp(issued.ExpiresAt)),
            TelegramWireContext.Default.LinkAccountResponse);
    }

    public static async Task<Results<JsonHttpResult<VerifyLinkResponse>, JsonHttpResult<ErrorResponse>>> VerifyLinkAsync(
        HttpContext http,
        ITelegramUserIdAccessor users,
        LinkTokenService tokens,
        UserLimiter limits,
        AccountLinker linker,
        BotReplySender replies,
        IOptionsMonitor<SnsTelegramOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        // The permit is taken before the code is read, so parallel guesses cannot pass the limit. It is given back when
        // no code is evaluated (a malformed request) and when the code is right; every wrong code keeps its permit for
        // the whole window, so a right code in between does not reset the count.
        var settings = options.CurrentValue;
        var permit = await limits.TryTakeAsync(UserLimiter.VerifyLink, userId, settings.LinkTokenIssueLimit, settings.LinkTokenIssueWindow, cancellationToken).ConfigureAwait(false);
        if (!permit.Granted)
        {
            Log.VerifyAttemptsExceeded(loggers.CreateLogger(typeof(TelegramEndpoints)), settings.LinkTokenIssueLimit);
            SetRetryAfter(http, permit.RetryAfter);
            return Error(StatusCodes.Status429TooManyRequests, "Too many wrong codes. Try again later.");
        }

        // a request that fails on the way (an exception) keeps its permit: its code may have been looked at
        var (result, counted) = await VerifyCodeAsync(http, userId, tokens, linker, replies, options, loggers, cancellationToken).ConfigureAwait(false);
        if (!counted)
        {
            await limits.ReturnAsync(permit.Permit!).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Reads the body and redeems its code; <c>Counted</c> is true when a code was evaluated and refused.</summary>
    private static async Task<(Results<JsonHttpResult<VerifyLinkResponse>, JsonHttpResult<ErrorResponse>> Result, bool Counted)> VerifyCodeAsync(
        HttpContext http,
        string userId,
        LinkTokenService tokens,
        AccountLinker linker,
        BotReplySender replies,
        IOptionsMonitor<SnsTelegramOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (status, document) = await RequestBody.ReadJsonAsync(http.Request, cancellationToken).ConfigureAwait(false);
        using (document)
        {
            if (BodyError(status) is { } bodyError)
            {
                return (bodyError, false);
            }

            var root = document!.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return (Error(StatusCodes.Status400BadRequest, "The body must be {\"code\":\"...\"}."), false);
            }

            string? code = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "code" when property.Value.ValueKind == System.Text.Json.JsonValueKind.String:
                        code = property.Value.GetString();
                        break;
                    case "chat_id":
                        return (Error(StatusCodes.Status400BadRequest, "chat_id is not accepted: the chat comes from Telegram. Send /link to the bot and enter the code it shows."), false);
                    default:
                        return (Error(StatusCodes.Status400BadRequest, "The body must be {\"code\":\"...\"}, with the code the bot showed after /link."), false);
                }
            }

            if (string.IsNullOrWhiteSpace(code))
            {
                return (Error(StatusCodes.Status400BadRequest, "code is required: send /link to the bot and enter the code it shows."), false);
            }

            var redeemed = await tokens.RedeemChatCodeAsync(code, cancellationToken).ConfigureAwait(false);
            if (!redeemed.Succeeded || redeemed.Token!.ChatId is not { } chatId)
            {
                return (Error(StatusCodes.Status400BadRequest, redeemed.Status switch
                {
                    LinkTokenConsumeStatus.AlreadyUsed => "This code was already used. Send /link to the bot for a new one.",
                    LinkTokenConsumeStatus.Expired => "This code has expired. Send /link to the bot for a new one.",
                    LinkTokenConsumeStatus.Retired => "A newer code was shown in that chat. Enter the most recent code.",
                    _ => "This code is not valid. Check it, or send /link to the bot for a new one.",
                }), true);
            }

            var token = redeemed.Token;
            var outcome = await linker.LinkAsync(userId, chatId, token.ChatType ?? TelegramChatType.Private, token.Language, "chat_code", cancellationToken).ConfigureAwait(false);
            try
            {
                var link = outcome.Link;
                await replies.SendAsync(link.ChatId, link.ChatType, BotTexts.For(link.Language ?? options.CurrentValue.DefaultLanguage).Linked(link.ChatType), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LinkConfirmationFailed(loggers.CreateLogger(typeof(TelegramEndpoints)), ex);
            }

            return (TypedResults.Json(
                new VerifyLinkResponse("Telegram account linked successfully", chatId.ToString(CultureInfo.InvariantCulture), WireFormat.Timestamp(outcome.Link.LinkedAt)),
                TelegramWireContext.Default.VerifyLinkResponse), false);
        }
    }

    /// <summary>
    /// <c>GET notifications?limit=&amp;before=</c>: the caller's recent notifications, newest first (<see cref="NotificationActivity"/>).
    /// </summary>
    public static async Task<Results<JsonHttpResult<NotificationsResponse>, JsonHttpResult<ErrorResponse>>> NotificationsAsync(
        HttpContext http, ITelegramUserIdAccessor users, NotificationActivity activity, CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (PageQuery.TryRead(http.Request.Query, out var limit, out var before) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        if (await RequestBody.ReadNoFieldsAsync(http.Request, cancellationToken).ConfigureAwait(false) is { } unexpected)
        {
            return Error(unexpected.StatusCode, unexpected.Message);
        }

        var page = await activity.RecentAsync(userId, before, limit, cancellationToken).ConfigureAwait(false);
        var next = page.Next is { } position ? ActivityCursor.Encode(position) : null;
        return TypedResults.Json(
            new NotificationsResponse(page.Entries.Select(NotificationWire.From).ToArray(), next),
            TelegramWireContext.Default.NotificationsResponse);
    }

    public static async Task<Results<JsonHttpResult<StatusResponse>, JsonHttpResult<ErrorResponse>>> StatusAsync(
        HttpContext http, ITelegramUserIdAccessor users, IChatLinkStore links, IOptionsMonitor<SnsTelegramOptions> options, CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (await RequestBody.ReadNoFieldsAsync(http.Request, cancellationToken).ConfigureAwait(false) is { } unexpected)
        {
            return Error(unexpected.StatusCode, unexpected.Message);
        }

        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(StatusResponse.From(link, options.CurrentValue), TelegramWireContext.Default.StatusResponse);
    }

    public static async Task<Results<JsonHttpResult<StatusResponse>, JsonHttpResult<ErrorResponse>>> UpdateSettingsAsync(
        HttpContext http,
        ITelegramUserIdAccessor users,
        SettingsUpdater settings,
        UserLimiter limits,
        IOptionsMonitor<SnsTelegramOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (await LimitAsync(http, userId, UserLimiter.Settings, options.CurrentValue.Limits.Settings, "Too many settings changes. Try again later.", limits, loggers, cancellationToken).ConfigureAwait(false) is { } limited)
        {
            return limited;
        }

        var (status, document) = await RequestBody.ReadJsonAsync(http.Request, cancellationToken).ConfigureAwait(false);
        using (document)
        {
            if (BodyError(status) is { } bodyError)
            {
                return bodyError;
            }

            var result = await settings.ApplyAsync(userId, document!.RootElement, cancellationToken).ConfigureAwait(false);
            if (result.Error is { } error)
            {
                return Error(StatusCodes.Status400BadRequest, error);
            }

            if (result.Link is not { } updated)
            {
                return Error(StatusCodes.Status404NotFound, NotLinkedMessage);
            }

            return TypedResults.Json(StatusResponse.From(updated, options.CurrentValue), TelegramWireContext.Default.StatusResponse);
        }
    }

    public static async Task<Results<JsonHttpResult<SuccessResponse>, JsonHttpResult<ErrorResponse>>> SendTestMessageAsync(
        HttpContext http,
        ITelegramUserIdAccessor users,
        ITelegramDirectSender sender,
        UserLimiter limits,
        IOptionsMonitor<SnsTelegramOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (await RequestBody.ReadNoFieldsAsync(http.Request, cancellationToken).ConfigureAwait(false) is { } unexpected)
        {
            return Error(unexpected.StatusCode, unexpected.Message);
        }

        if (await LimitAsync(http, userId, UserLimiter.TestMessage, options.CurrentValue.Limits.TestMessage, "Too many test messages. Try again later.", limits, loggers, cancellationToken).ConfigureAwait(false) is { } limited)
        {
            return limited;
        }

        // Sent now, past the outbox, so the user learns at once whether the link works.
        var result = await sender.SendNowAsync(userId, new TestMessage(userId), cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case DirectSendStatus.Sent:
                return TypedResults.Json(new SuccessResponse("Test message sent successfully"), TelegramWireContext.Default.SuccessResponse);
            case DirectSendStatus.NotLinked:
                return Error(StatusCodes.Status404NotFound, NotLinkedMessage);
            case DirectSendStatus.Disabled:
                return Error(StatusCodes.Status409Conflict, "Telegram notifications are turned off for your account. Send /start to the bot to turn them on.");
            case DirectSendStatus.Blocked:
                return Error(StatusCodes.Status409Conflict, "The bot cannot reach your Telegram chat (it was blocked or the chat is gone), so notifications were turned off. Open the bot and press Start, or link again.");
            case DirectSendStatus.BotTokenRejected:
                return Error(StatusCodes.Status500InternalServerError, "Telegram rejected this server's bot token, so no message can be sent until the server's Telegram configuration is fixed.");
            case DirectSendStatus.TelegramUnavailable:
                if (result.RetryAfter is { } wait)
                {
                    SetRetryAfter(http, wait);
                }

                return Error(StatusCodes.Status503ServiceUnavailable, "Telegram is not reachable right now. Try again shortly.");
            default:
                return Error(StatusCodes.Status502BadGateway, "Telegram refused the test message.");
        }
    }

    public static async Task<Results<JsonHttpResult<SuccessResponse>, JsonHttpResult<ErrorResponse>>> UnlinkAsync(
        HttpContext http, ITelegramUserIdAccessor users, IChatLinkStore links, EventPublisher events, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (SignedIn(http, users, out var userId) is { } refused)
        {
            return refused;
        }

        if (await RequestBody.ReadNoFieldsAsync(http.Request, cancellationToken).ConfigureAwait(false) is { } unexpected)
        {
            return Error(unexpected.StatusCode, unexpected.Message);
        }

        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (link is null || !await links.UnlinkAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            return Error(StatusCodes.Status404NotFound, NotLinkedMessage);
        }

        events.Link(SnsTelegramEventTypes.LinkRemoved, userId, link.ChatId, "unlinked");

        Log.AccountUnlinked(loggers.CreateLogger(typeof(TelegramEndpoints)));
        return TypedResults.Json(new SuccessResponse("Telegram account unlinked successfully"), TelegramWireContext.Default.SuccessResponse);
    }

    /// <summary>
    /// The signed-in user's id, or the refusal: 401 when there is none (null, empty or whitespace), 400 naming the rule
    /// when it breaks <see cref="SnsUserId"/> (too long, control characters, a lone surrogate).
    /// </summary>
    private static JsonHttpResult<ErrorResponse>? SignedIn(HttpContext http, ITelegramUserIdAccessor users, out string userId)
    {
        userId = string.Empty;
        var id = users.GetUserId(http);
        if (SnsUserId.IsMissing(id))
        {
            return Error(StatusCodes.Status401Unauthorized, NotSignedIn);
        }

        if (SnsUserId.Problem(id) is { } problem)
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        userId = id!;
        return null;
    }

    private static JsonHttpResult<ErrorResponse>? BodyError(RequestBody.Status status) => status switch
    {
        RequestBody.Status.Ok => null,
        RequestBody.Status.TooLarge => Error(StatusCodes.Status413PayloadTooLarge, RequestBody.TooLargeMessage),
        RequestBody.Status.Empty => Error(StatusCodes.Status400BadRequest, "A JSON body is required."),
        RequestBody.Status.BadText => Error(StatusCodes.Status400BadRequest, RequestBody.BadTextMessage),
        _ => Error(StatusCodes.Status400BadRequest, "The request body is not valid JSON."),
    };

    /// <summary>
    /// Takes a permit of a per-user limit for this request; null when granted, else the 429 (with <c>Retry-After</c>).
    /// Every request past sign-in counts, whatever its outcome, as the work it may start cannot be taken back.
    /// </summary>
    private static async Task<JsonHttpResult<ErrorResponse>?> LimitAsync(
        HttpContext http, string userId, string scope, UserLimitOptions limit, string refusal, UserLimiter limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var permit = await limits.TryTakeAsync(scope, userId, limit.PermitLimit, limit.Window, cancellationToken).ConfigureAwait(false);
        if (permit.Granted)
        {
            return null;
        }

        Log.UserLimitReached(loggers.CreateLogger(typeof(TelegramEndpoints)), scope, limit.PermitLimit, limit.Window);
        SetRetryAfter(http, permit.RetryAfter);
        return Error(StatusCodes.Status429TooManyRequests, refusal);
    }

    private static JsonHttpResult<ErrorResponse> Error(int statusCode, string message) => ErrorResponse.Result(statusCode, message);

    private static void SetRetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
