using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// Introduces the bot to Telegram on start: the command menus (<c>setMyCommands</c> for the default scope, private chats,
/// groups and groups' administrators, each in Korean, English and, without a language, the default language; <see cref="Menus"/>), and in webhook mode with <see cref="SnsTelegramOptions.WebhookUrl"/> the webhook (<c>setWebhook</c> with the
/// secret and the update types the bot handles). Runs in the background and retries, so a slow Telegram never delays
/// the app's start. With <see cref="TelegramUpdateMode.None"/> it does nothing.
/// </summary>
internal sealed class BotSetupService(
    TelegramBotClientFactory clients,
    IOptions<SnsTelegramOptions> options,
    TimeProvider time,
    ILogger<BotSetupService> logger) : BackgroundService
{
    private const int MaxAttempts = 6;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.UpdateMode == TelegramUpdateMode.None)
        {
            return;
        }

        await Task.Yield();
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await SetUpAsync(settings, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (attempt == MaxAttempts)
                {
                    Log.BotSetupGaveUp(logger, MaxAttempts, ex);
                    return;
                }

                Log.BotSetupFailed(logger, attempt, delay.TotalSeconds, ex);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay *= 2;
            }
        }
    }

    private async Task SetUpAsync(SnsTelegramOptions settings, CancellationToken cancellationToken)
    {
        var bot = clients.Create();
        if (settings.UpdateMode == TelegramUpdateMode.Webhook && !string.IsNullOrEmpty(settings.WebhookUrl))
        {
            await bot.SetWebhook(
                settings.WebhookUrl,
                secretToken: settings.WebhookSecret,
                allowedUpdates: UpdateRouter.AllowedUpdates,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.WebhookRegistered(logger, string.Join(",", UpdateRouter.AllowedUpdates));
        }

        foreach (var (scope, names) in Menus)
        {
            await bot.SetMyCommands(Commands(BotTexts.For(settings.DefaultLanguage), names), scope, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var texts in new[] { BotTexts.Korean, BotTexts.English })
            {
                await bot.SetMyCommands(Commands(texts, names), scope, texts.Language, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.CommandsRegistered(logger);
    }

    /// <summary>
    /// The command menu of each scope: every command in private chats, for a group's administrators (who link the group,
    /// turn it off and change its settings) and by default (any chat no narrower scope covers); only <c>/status</c> and
    /// <c>/help</c> for a group's other members, since the rest asks for an administrator there.
    /// </summary>
    internal static readonly (BotCommandScope Scope, string[]? Names)[] Menus =
    [
        (BotCommandScope.Default(), null),
        (BotCommandScope.AllPrivateChats(), null),
        (BotCommandScope.AllGroupChats(), ["status", "help"]),
        (BotCommandScope.AllChatAdministrators(), null),
    ];

    private static BotCommand[] Commands(BotTexts texts, string[]? names) =>
        texts.Commands.Where(c => names is null || names.Contains(c.Command)).Select(c => new BotCommand(c.Command, c.Description)).ToArray();
}
