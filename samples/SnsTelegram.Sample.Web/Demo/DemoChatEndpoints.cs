using System.Text.Json;
using System.Text.RegularExpressions;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>
/// The offline demo's endpoints: the signed-in user's simulated Telegram chat, and the actions of its Telegram user
/// (press Start, send a message, press an inline button), and the team group (a forum supergroup with topics) that
/// demo users link with the <c>startgroup</c> flow. Mapped only in offline mode.
/// </summary>
public static partial class DemoChatEndpoints
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Maps the endpoints under <c>/demo</c> (<c>chat</c>, <c>chat/start</c>, <c>chat/send</c>, <c>chat/press</c>,
    /// <c>team</c>, <c>team/add-bot</c>, <c>run-auto-post</c>); they need a signed-in user.</summary>
    public static IEndpointRouteBuilder MapDemoChatEndpoints(this IEndpointRouteBuilder app)
    {
        var demo = app.MapGroup("/demo").RequireAuthorization().WithTags("Demo");
        demo.MapGet("/chat", (HttpContext http, OfflineDemo offline) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var user = offline.FindUser(userId);
            var messages = user is null ? [] : offline.Emulator.GetConversation(user.ChatId).Where(m => !m.IsDeleted).Select(m => ChatMessage.Create(m, offline, user.Id)).ToList();
            return SampleJson.Ok(new { chat_id = user?.ChatId, messages });
        });

        demo.MapPost("/chat/start", async (HttpContext http, OfflineDemo offline, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var (body, error) = await JsonBody.ReadObjectAsync(http, ["payload"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            string? payload = null;
            if (SnsEndpoints.TryGetString(body, "payload", out var given) && given.Length > 0)
            {
                if (!PayloadRegex().IsMatch(given))
                {
                    return SampleJson.Error(StatusCodes.Status400BadRequest, "payload must have 1 to 64 characters of A-Za-z0-9_-.");
                }

                payload = given;
            }

            var updateId = await offline.UserFor(userId).PressStartAsync(payload, cancellationToken);
            return SampleJson.Ok(new { status = "success", update_id = updateId });
        });

        // the team group: a forum supergroup the signed-in user links with the startgroup flow, as its administrator
        demo.MapGet("/team", (HttpContext http, OfflineDemo offline) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            if (!offline.IsTeamMember(userId))
            {
                return SampleJson.Ok(new { joined = false, title = OfflineDemo.TeamTitle, chat_id = (long?)null, topics = Array.Empty<object>(), messages = Array.Empty<ChatMessage>() });
            }

            var team = offline.Team;
            var topics = team.Topics.OrderBy(t => t.Key).Select(t => new { id = t.Key, name = t.Value }).ToList();
            var messages = offline.Emulator.GetConversation(team.Id).Where(m => !m.IsDeleted).Select(m => ChatMessage.Create(m, offline, offline.FindUser(userId)?.Id)).ToList();
            return SampleJson.Ok(new { joined = true, title = team.Title, chat_id = (long?)team.Id, topics, messages });
        });

        demo.MapPost("/team/add-bot", async (HttpContext http, OfflineDemo offline, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var (body, error) = await JsonBody.ReadObjectAsync(http, ["payload"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (!SnsEndpoints.TryGetString(body, "payload", out var payload) || !PayloadRegex().IsMatch(payload))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "payload (the startgroup token of link-account?target=group) must have 1 to 64 characters of A-Za-z0-9_-.");
            }

            var updateId = await offline.JoinTeamAsync(userId, payload, cancellationToken);
            return SampleJson.Ok(new { status = "success", update_id = updateId, chat_id = offline.Team.Id, title = offline.Team.Title });
        });

        demo.MapPost("/chat/send", async (HttpContext http, OfflineDemo offline, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var (body, error) = await JsonBody.ReadObjectAsync(http, ["text"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (!SnsEndpoints.TryGetString(body, "text", out var text) || string.IsNullOrWhiteSpace(text) || text.Length > 4096)
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "text must have 1 to 4096 characters.");
            }

            var updateId = await offline.UserFor(userId).SendTextAsync(text.Trim(), cancellationToken);
            return SampleJson.Ok(new { status = "success", update_id = updateId });
        });

        demo.MapPost("/chat/press", async (HttpContext http, OfflineDemo offline, CancellationToken cancellationToken) =>
        {
            if (SnsEndpoints.SignedIn(http, out var userId) is { } refused)
            {
                return refused;
            }

            var (body, error) = await JsonBody.ReadObjectAsync(http, ["message_id", "callback_data", "chat"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            var inTeam = false;
            if (body.TryGetProperty("chat", out var chatElement))
            {
                var chat = chatElement.ValueKind == JsonValueKind.String ? chatElement.GetString() : null;
                if (chat is not ("bot" or "team"))
                {
                    return SampleJson.Error(StatusCodes.Status400BadRequest, "chat must be bot or team.");
                }

                inTeam = chat == "team";
            }

            if (!body.TryGetProperty("message_id", out var idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt32(out var messageId)
                || !SnsEndpoints.TryGetString(body, "callback_data", out var data) || data.Length == 0)
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "message_id (a number) and callback_data are required.");
            }

            var user = offline.FindUser(userId);
            var chatId = inTeam ? (offline.IsTeamMember(userId) ? offline.Team.Id : (long?)null) : user?.ChatId;
            var message = user is null || chatId is null ? null : offline.Emulator.GetConversation(chatId.Value).LastOrDefault(m => m.FromBot && m.MessageId == messageId);
            if (user is null || message is null || !message.Buttons.Any(b => b.CallbackData == data))
            {
                return SampleJson.Error(StatusCodes.Status404NotFound, "There is no such button in your chat.");
            }

            var query = await user.PressButtonAsync(message, data, cancellationToken);
            string? answer = null;
            try
            {
                answer = (await query.WaitForAnswerAsync(AnswerTimeout, cancellationToken)).Text;
            }
            catch (TimeoutException)
            {
                // the bot did not answer the button in time; Telegram would show a spinner and give up
            }

            return SampleJson.Ok(new { status = "success", answer });
        });

        demo.MapPost("/run-auto-post", async (SnsAutoPoster poster, CancellationToken cancellationToken) =>
        {
            var report = await poster.RunOnceAsync(cancellationToken);
            return SampleJson.Ok(new { status = "success", automation_runs = report.AutomationRuns, published = report.Published, failed = report.Failed, notifications = report.Notifications });
        });
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PayloadRegex();

    private sealed record ChatEntity(string Type, int Offset, int Length, string? Url, string? Language);

    private sealed record ChatButton(string Text, string? CallbackData, string? Url);

    /// <summary>A message as the page draws it; <paramref name="TopicId"/> is the forum topic (<c>message_thread_id</c>), null for General or a chat without topics.
    /// <paramref name="From"/> is <c>bot</c>, <c>user</c> (the signed-in user's simulated Telegram user) or <c>member</c> (another person in a group), whose first name is <paramref name="Sender"/>.</summary>
    private sealed record ChatMessage(int Id, string From, string? Sender, string Text, IReadOnlyList<ChatEntity> Entities, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons, long Date, bool Edited, int? TopicId)
    {
        public static ChatMessage Create(RecordedMessage m, OfflineDemo offline, long? me) => new(
            m.MessageId,
            m.FromBot ? "bot" : m.FromUserId == me ? "user" : "member",
            m.FromBot ? null : offline.NameOf(m.FromUserId),
            m.Text,
            [.. m.Entities.Select(e => new ChatEntity(e.Type, e.Offset, e.Length, e.Url, e.Language))],
            [.. m.InlineKeyboard.Select(row => (IReadOnlyList<ChatButton>)[.. row.Select(b => new ChatButton(b.Text, b.CallbackData, b.Url))])],
            m.SentAt.ToUnixTimeSeconds(),
            m.EditedAt is not null,
            m.MessageThreadId);
    }
}
