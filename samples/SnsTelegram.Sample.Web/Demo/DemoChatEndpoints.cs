using System.Text.Json;
using System.Text.RegularExpressions;
using SnsTelegram.Sample.Web.Sns;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>
/// The offline demo's endpoints: the signed-in user's simulated Telegram chat, and the actions of its Telegram user
/// (press Start, send a message, press an inline button). Mapped only in offline mode.
/// </summary>
public static partial class DemoChatEndpoints
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Maps the endpoints under <c>/demo</c>; they need a signed-in user.</summary>
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
            var messages = user is null ? [] : offline.Emulator.GetConversation(user.ChatId).Where(m => !m.IsDeleted).Select(ChatMessage.Create).ToList();
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

            var (body, error) = await JsonBody.ReadObjectAsync(http, ["message_id", "callback_data"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (!body.TryGetProperty("message_id", out var idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt32(out var messageId)
                || !SnsEndpoints.TryGetString(body, "callback_data", out var data) || data.Length == 0)
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "message_id (a number) and callback_data are required.");
            }

            var user = offline.FindUser(userId);
            var message = user is null ? null : offline.Emulator.GetConversation(user.ChatId).LastOrDefault(m => m.FromBot && m.MessageId == messageId);
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

    private sealed record ChatMessage(int Id, string From, string Text, IReadOnlyList<ChatEntity> Entities, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons, long Date, bool Edited)
    {
        public static ChatMessage Create(RecordedMessage m) => new(
            m.MessageId,
            m.FromBot ? "bot" : "user",
            m.Text,
            [.. m.Entities.Select(e => new ChatEntity(e.Type, e.Offset, e.Length, e.Url, e.Language))],
            [.. m.InlineKeyboard.Select(row => (IReadOnlyList<ChatButton>)[.. row.Select(b => new ChatButton(b.Text, b.CallbackData, b.Url))])],
            m.SentAt.ToUnixTimeSeconds(),
            m.EditedAt is not null);
    }
}
