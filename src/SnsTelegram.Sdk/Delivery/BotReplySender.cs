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
internal sealed class BotReplySender(ITelegramBotClient bot, ILogger<BotReplySender> logger)
{
    /// <summary>How long a reply may take before it is given up.</summary>
    internal static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends <paramref name="html"/> to the chat, without a link preview; never throws because of Telegram.</summary>
    public async ValueTask SendAsync(long chatId, string html, CancellationToken cancellationToken)
    {
        // A reply never holds the update up for long: the chat's state is already saved, and the webhook's answer
        // should not wait for a slow Telegram.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        try
        {
            await bot.SendMessage(chatId, html, ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: timeout.Token).ConfigureAwait(false);
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
