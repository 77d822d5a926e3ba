using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Delivery;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// Fetches updates with <c>getUpdates</c> long polling when <see cref="SnsTelegramOptions.UpdateMode"/> is
/// <see cref="TelegramUpdateMode.Polling"/>. It deletes the webhook first (the two exclude each other), confirms
/// updates through the offset, backs off on errors (a 409 conflict means another poller or a webhook), and hands every
/// update to the same <see cref="UpdateIntake"/> as the webhook. Updates are fetched as raw JSON
/// (<see cref="RawUpdatesRequest"/>; under NativeAOT read with <see cref="RawUpdatesJsonContext"/>), so an update that cannot be read is kept and confirmed like any other instead of
/// stalling the queue; an update the store cannot take now is not confirmed and is fetched again after a pause.
/// </summary>
internal sealed class PollingReceiver(
    TelegramBotClientFactory clients,
    UpdateIntake intake,
    IOptions<SnsTelegramOptions> options,
    TimeProvider time,
    ILogger<PollingReceiver> logger) : BackgroundService
{
    /// <summary>How long one <c>getUpdates</c> call waits for updates, in seconds.</summary>
    internal const int LongPollSeconds = 25;

    /// <summary>Updates fetched per call.</summary>
    internal const int BatchSize = 100;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ConflictBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.UpdateMode != TelegramUpdateMode.Polling)
        {
            return;
        }

        await Task.Yield();
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await clients.Create().DeleteWebhook(dropPendingUpdates: false, stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.PollingFailed(logger, backoff.TotalSeconds, ex);
                if (!await DelayAsync(backoff, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                backoff = Next(backoff);
            }
        }

        Log.PollingStarted(logger);
        long? offset = null;
        backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            System.Text.Json.JsonElement[] updates;
            try
            {
                var request = new RawUpdatesRequest(offset, BatchSize, LongPollSeconds, UpdateRouter.AllowedUpdates);
                updates = await clients.Create().SendRequest(request, stoppingToken).ConfigureAwait(false);
                backoff = FirstBackoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409)
            {
                Log.PollingConflict(logger, ConflictBackoff.TotalSeconds);
                if (!await DelayAsync(ConflictBackoff, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }
            catch (Exception ex)
            {
                Log.PollingFailed(logger, backoff.TotalSeconds, ex);
                if (!await DelayAsync(backoff, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                backoff = Next(backoff);
                continue;
            }

            foreach (var update in updates)
            {
                // An update is finished even when the host is stopping: its id is already recorded as processed, so
                // leaving it half done would lose it. Updates not started yet are fetched again after a restart,
                // because their offset was never confirmed.
                var result = await intake.AcceptAsync(System.Text.Encoding.UTF8.GetBytes(update.GetRawText()), "polling").ConfigureAwait(false);
                if (result == IntakeResult.RetryLater)
                {
                    // Not confirmed: this update and the rest of the batch come again after the pause.
                    if (!await DelayAsync(backoff, stoppingToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    backoff = Next(backoff);
                    break;
                }

                // Telegram's ids increase within a batch; an element without a readable id is passed by the next one's.
                if (update.ValueKind == System.Text.Json.JsonValueKind.Object && update.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var updateId))
                {
                    offset = updateId + 1;
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        Log.PollingStopped(logger);
    }

    private async ValueTask<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
}
