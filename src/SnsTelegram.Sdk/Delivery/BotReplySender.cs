using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Sends the bot's own replies (link confirmations, codes, command answers) straight to a chat. A reply is best effort:
/// the state it reports is already saved, so a refused or slow reply is logged and never undoes it.
/// </summary>
/// <remarks>
/// A reply is described as the <see cref="SendPipeline"/>'s input (a chat and a <see cref="TelegramMessage"/>); only
/// <see cref="SendReplyAsync"/> talks to Telegram itself, so replies can later take the pipeline's rate slots and
/// outcome rules by changing that one method.
/// </remarks>
internal sealed class BotReplySender(TelegramBotClientFactory clients, ILogger<BotReplySender> logger)
{
    /// <summary>How long a reply may take before it is given up.</summary>
    internal static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    /// <summary>Sends <paramref name="html"/> to the chat, without a link preview; never throws because of Telegram.</summary>
    public ValueTask SendAsync(long chatId, string html, CancellationToken cancellationToken) =>
        SendReplyAsync(chatId, new TelegramMessage(html), cancellationToken);

    private async ValueTask SendReplyAsync(long chatId, TelegramMessage reply, CancellationToken cancellationToken)
    {
        // A reply never holds the update up for long: the chat's state is already saved, and the webhook's answer
        // should not wait for a slow Telegram.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        try
        {
            await clients.Create().SendMessage(chatId, reply.Text, ParseMode.Html, linkPreviewOptions: NoPreview, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (ApiRequestException ex)
        {
            // A reply Telegram refuses (blocked, gone) must not undo what was saved.
            Log.ReplyFailed(logger, ex.ErrorCode, ex);
        }
        catch (Exception ex) when (ex is RequestException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.ReplyFailed(logger, 0, ex);
        }
    }
}
