using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SnsTelegram.Sdk;

/// <summary>What sending the test message did.</summary>
internal enum TestSendStatus
{
    Sent,
    NotLinked,
    Disabled,
    Blocked,
    TelegramUnavailable,
    Rejected,
}

/// <summary>The outcome of a test message; <see cref="RetryAfter"/> when Telegram asked to slow down.</summary>
internal readonly record struct TestSendResult(TestSendStatus Status, TimeSpan? RetryAfter = null);

/// <summary>
/// Sends the test message now, past the outbox, so the user learns at once whether the link works. A blocked bot or a
/// vanished chat turns the link off; a migrated group moves the link and the message is sent to the new chat.
/// </summary>
internal sealed class TestMessageSender(
    ITelegramBotClient bot,
    IChatLinkStore links,
    IServiceProvider services,
    IOptionsMonitor<SnsTelegramOptions> options,
    ILogger<TestMessageSender> logger)
{
    public async ValueTask<TestSendResult> SendAsync(string userId, CancellationToken cancellationToken)
    {
        var link = await links.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return new TestSendResult(TestSendStatus.NotLinked);
        }

        if (!link.Enabled)
        {
            return new TestSendResult(TestSendStatus.Disabled);
        }

        var message = Render(link);
        var chatId = link.ChatId;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await bot.SendMessage(
                    chatId,
                    message.Text,
                    message.ParseMode == TelegramParseMode.Html ? ParseMode.Html : ParseMode.None,
                    replyMarkup: Keyboard(message),
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = !message.LinkPreview },
                    disableNotification: message.Silent,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return new TestSendResult(TestSendStatus.Sent);
            }
            catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is { } newChatId && attempt == 0)
            {
                await links.MigrateChatAsync(chatId, newChatId, cancellationToken).ConfigureAwait(false);
                chatId = newChatId;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 403)
            {
                await links.SetEnabledForChatAsync(chatId, false, ChatLinkDisabledReasons.BotBlocked, cancellationToken).ConfigureAwait(false);
                Log.TestMessageBlocked(logger);
                return new TestSendResult(TestSendStatus.Blocked);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase))
            {
                await links.SetEnabledForChatAsync(chatId, false, ChatLinkDisabledReasons.ChatNotFound, cancellationToken).ConfigureAwait(false);
                Log.TestMessageBlocked(logger);
                return new TestSendResult(TestSendStatus.Blocked);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                Log.TestMessageFailed(logger, ex.ErrorCode);
                var retryAfter = ex.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                return new TestSendResult(TestSendStatus.TelegramUnavailable, retryAfter);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode >= 500)
            {
                Log.TestMessageFailed(logger, ex.ErrorCode);
                return new TestSendResult(TestSendStatus.TelegramUnavailable);
            }
            catch (ApiRequestException ex)
            {
                Log.TestMessageFailed(logger, ex.ErrorCode);
                return new TestSendResult(TestSendStatus.Rejected);
            }
            catch (Exception ex) when (ex is RequestException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Log.TestMessageFailed(logger, 0);
                return new TestSendResult(TestSendStatus.TelegramUnavailable);
            }
        }
    }

    private TelegramMessage Render(ChatLink link)
    {
        var settings = options.CurrentValue;
        var language = link.Language ?? settings.DefaultLanguage;
        var formatter = services.GetService<ITelegramMessageFormatter>();
        if (formatter is null)
        {
            return new TelegramMessage(BotTexts.For(language).TestMessage);
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(link.TimeZone ?? settings.DefaultTimeZone, out var found) ? found : TimeZoneInfo.Utc;
        return formatter.Format(new TestMessage(link.UserId), new MessageContext(language, zone));
    }

    private static InlineKeyboardMarkup? Keyboard(TelegramMessage message) =>
        message.Buttons is not { Count: > 0 } rows
            ? null
            : new InlineKeyboardMarkup(rows.Select(row => row.Select(b => b.Url is not null
                ? InlineKeyboardButton.WithUrl(b.Text, b.Url)
                : InlineKeyboardButton.WithCallbackData(b.Text, b.CallbackData!))));
}
