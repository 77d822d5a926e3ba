using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// Closes due digest windows (a hosted service; off when <c>Digest:Enabled</c> is false): every
/// <c>Digest:PollInterval</c> it reads the windows whose close time has come, renders each in its user's language and
/// closes it with <see cref="IDigestStore.CloseAsync"/>, which queues the digest in the outbox in the same transaction
/// under the key <c>digest:{window id}</c>. Several instances may run it: a window closes once. It is also the app's
/// <see cref="ISnsTelegramDigests"/>: a window closed on request goes the same way.
/// </summary>
internal sealed class DigestCloser(
    IDigestStore digests,
    IChatLinkStore links,
    NotificationRenderer renderer,
    DispatchSignal signal,
    IOptions<SnsTelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<DigestCloser> logger) : BackgroundService, ISnsTelegramDigests
{
    /// <summary>How many due windows one read takes.</summary>
    public const int BatchSize = 100;

    /// <summary>How often a window that changed while it was being closed is read again in one pass.</summary>
    private const int Attempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Digest;
        if (!settings.Enabled)
        {
            Log.DigestCloserDisabled(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CloseDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.DigestCloseFailed(logger, settings.PollInterval, e);
            }

            try
            {
                await Task.Delay(settings.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Closes every window due now; returns how many this call closed.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var closed = 0;
        while (true)
        {
            var due = await digests.ListDueAsync(now, BatchSize, cancellationToken).ConfigureAwait(false);
            var closedNow = 0;
            foreach (var window in due)
            {
                closedNow += await CloseAsync(window, now, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            closed += closedNow;
            if (due.Count < BatchSize || closedNow == 0)
            {
                break;
            }
        }

        if (closed > 0)
        {
            signal.Wake();
        }

        return closed;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DigestWindow>> GetOpenAsync(string userId, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        return digests.ListOpenAsync(userId, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<int> CloseNowAsync(string userId, CancellationToken cancellationToken = default)
    {
        CheckUserId(userId);
        var now = timeProvider.GetUtcNow();
        var closed = 0;
        foreach (var window in await digests.ListOpenAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            closed += await CloseAsync(window, now, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        if (closed > 0)
        {
            Log.DigestClosedOnRequest(logger, closed);
            signal.Wake();
        }

        return closed;
    }

    private static void CheckUserId(string userId)
    {
        if (SnsUserId.Problem(userId) is { } problem)
        {
            throw new ArgumentException($"The user id is not valid: {problem}", nameof(userId));
        }
    }

    private async Task<bool> CloseAsync(DigestWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var items = await digests.GetItemsAsync(window.Id, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
            {
                return false;
            }

            var link = await links.GetAsync(window.UserId, cancellationToken).ConfigureAwait(false);
            var message = link is { Enabled: true } ? MessageOf(window, items, link, now) : null;
            if (await digests.CloseAsync(window.Id, items.Count, message, now, cancellationToken).ConfigureAwait(false))
            {
                if (message is null)
                {
                    Log.DigestDropped(logger, window.Id, items.Count);
                }
                else
                {
                    Log.DigestQueued(logger, window.Id, items.Count, window.Held);
                }

                return true;
            }

            Log.DigestWindowChanged(logger, window.Id);
        }

        return false;
    }

    private OutboxMessage MessageOf(DigestWindow window, IReadOnlyList<DigestItem> items, ChatLink link, DateTimeOffset now)
    {
        var texts = MessageTexts.For(renderer.LanguageOf(link));
        var message = DigestFormatter.Format(items, window.Held, options.Value.Digest.MaxListedPosts, texts);

        // a window that closes inside quiet hours in hold mode (it opened before them) waits for their end like the rest
        var heldUntil = renderer.HeldUntil(link, NotificationTypes.Digest, now);
        return new OutboxMessage
        {
            IdempotencyKey = KeyOf(window.Id),
            UserId = window.UserId,
            ChatId = link.ChatId,
            ChatType = link.ChatType,
            NotificationType = NotificationTypes.Digest,
            Lane = DeliveryLanes.Of(NotificationTypes.Digest, options.Value.Delivery),
            Message = heldUntil is null && renderer.IsQuiet(link, NotificationTypes.Digest) ? message with { Silent = true } : message,
            CreatedAt = now,
            DueAt = heldUntil ?? now,
        };
    }

    /// <summary>The idempotency key of a window's digest message.</summary>
    public static string KeyOf(long windowId) => string.Create(CultureInfo.InvariantCulture, $"digest:{windowId}");
}
