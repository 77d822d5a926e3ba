using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>
/// The <see cref="ISnsTelegramNotifier"/>: checks the user's link and settings and renders the message in the user's
/// language and time zone (the first steps of the <see cref="SendPipeline"/>), puts it in the outbox under an idempotency
/// key and wakes the local dispatcher. It never calls Telegram, so a slow or dead Telegram never slows the caller.
/// </summary>
/// <remarks>
/// Quiet hours do not hold a message back: a message whose enqueue time falls in the user's quiet hours (in the
/// user's time zone) is delivered at once but silently (<see cref="TelegramMessage.Silent"/>, Telegram's
/// <c>disable_notification</c>), so it arrives without a sound.
/// <see cref="UpdateAsync"/> finds the message queued under the same key and queues an edit of it
/// (<see cref="OutboxMessage.EditOf"/>) in the same chat, after it.
/// Idempotency keys: the caller's <see cref="SnsNotification.IdempotencyKey"/>; otherwise <c>post_success:&lt;postId&gt;</c>
/// for a published post with a <see cref="PostPublished.PostId"/>, <c>daily_summary:&lt;user&gt;:&lt;yyyy-MM-dd&gt;</c>
/// for a daily report, and a new unique key for anything else.
/// </remarks>
internal sealed class SnsTelegramNotifier(
    SendPipeline pipeline,
    IOutboxStore outbox,
    IDigestStore digests,
    INotificationNoteStore notes,
    NotificationRenderer renderer,
    DispatchSignal signal,
    PendingEdits pendingEdits,
    IOptions<SnsTelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<SnsTelegramNotifier> logger) : ISnsTelegramNotifier
{
    /// <summary>How many notifications of a list share one link lookup and one enqueue (<see cref="NotifyManyAsync"/>).</summary>
    internal const int ListChunk = 500;

    public ValueTask<NotifyResult> NotifyAsync(SnsNotification notification, CancellationToken cancellationToken = default) =>
        TracedAsync("notify", NotifyCoreAsync, notification, cancellationToken);

    /// <summary>
    /// The rules of <see cref="NotifyAsync(SnsNotification, CancellationToken)"/> for each notification, with the links of a
    /// chunk of <see cref="ListChunk"/> read in one store call and its messages enqueued in one
    /// (<see cref="IOutboxStore.EnqueueManyAsync"/>), under one producer span whose context every queued message keeps.
    /// </summary>
    public async ValueTask<IReadOnlyList<NotifyResult>> NotifyManyAsync(IEnumerable<SnsNotification> notifications, CancellationToken cancellationToken = default)
    {
        var list = NotificationList.Checked(notifications);

        var results = new NotifyResult[list.Count];
        if (list.Count == 0)
        {
            return results;
        }

        var types = list.Select(n => n.Type).Distinct(StringComparer.Ordinal).Take(2).ToList();
        using var activity = SnsTelegramActivities.StartEnqueue(types.Count == 1 ? types[0] : "notifications", "notify_many");
        activity?.SetTag(SnsTelegramActivities.BatchCount, list.Count);
        try
        {
            for (var start = 0; start < list.Count; start += ListChunk)
            {
                var chunk = list.GetRange(start, Math.Min(ListChunk, list.Count - start));
                await NotifyChunkAsync(chunk, results.AsMemory(start, chunk.Count), cancellationToken).ConfigureAwait(false);
            }

            return results;
        }
        catch (Exception e)
        {
            SnsTelegramActivities.Failed(activity, e.GetType().FullName ?? e.GetType().Name);
            throw;
        }
    }

    /// <summary>One chunk of <see cref="NotifyManyAsync"/>: one link lookup, the digested ones kept one by one, the rest enqueued in one call.</summary>
    private async ValueTask NotifyChunkAsync(List<SnsNotification> chunk, Memory<NotifyResult> results, CancellationToken cancellationToken)
    {
        var users = chunk.Select(n => n.UserId).Distinct(StringComparer.Ordinal).ToList();
        var links = await WithinStoreTimeoutAsync(t => pipeline.GetLinksAsync(users, t), cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var queued = new List<(int Index, OutboxMessage Message)>(chunk.Count);
        for (var i = 0; i < chunk.Count; i++)
        {
            var notification = chunk[i];
            var check = SendPipeline.Check(links.GetValueOrDefault(notification.UserId), notification);
            if (Refusal(check) is { } status)
            {
                var refused = await WithinStoreTimeoutAsync(t => RefusedAsync(notification, status, t), cancellationToken).ConfigureAwait(false);
                results.Span[i] = refused;
                continue;
            }

            var key = IdempotencyKeyOf(notification);
            var plan = renderer.PlanOf(notification, check.Link!, now);
            if (plan.Kind != SendPlanKind.Now && DigestItems.From(notification, key, now) is { } item)
            {
                var digested = await WithinStoreTimeoutAsync(t => DigestAsync(notification, item, plan, now, t), cancellationToken).ConfigureAwait(false);
                results.Span[i] = digested;
                continue;
            }

            queued.Add((i, ToOutboxMessage(notification, check.Link!, key, plan, now)));
        }

        if (queued.Count == 0)
        {
            return;
        }

        var messages = queued.ConvertAll(q => q.Message);
        var enqueued = await WithinStoreTimeoutAsync(t => outbox.EnqueueManyAsync(messages, t), cancellationToken).ConfigureAwait(false);
        var woken = false;
        for (var j = 0; j < queued.Count; j++)
        {
            var result = enqueued[j];
            if (result.Enqueued && !woken)
            {
                signal.Wake();
                woken = true;
            }

            Log.NotificationQueued(logger, queued[j].Message.NotificationType, result.Id, !result.Enqueued);
            results.Span[queued[j].Index] = new NotifyResult(result.Enqueued ? NotifyStatus.Queued : NotifyStatus.Duplicate, result.Id);
        }
    }

    public ValueTask<NotifyResult> UpdateAsync(SnsNotification notification, CancellationToken cancellationToken = default) =>
        TracedAsync("update", UpdateCoreAsync, notification, cancellationToken);

    /// <summary>
    /// Runs <paramref name="call"/> in a producer span (<see cref="SnsTelegramActivities.StartEnqueue"/>), whose context the
    /// queued message keeps, so that its send attempts are the span's children.
    /// </summary>
    private async ValueTask<NotifyResult> TracedAsync(
        string operation,
        Func<SnsNotification, CancellationToken, ValueTask<NotifyResult>> call,
        SnsNotification notification,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var activity = SnsTelegramActivities.StartEnqueue(notification.Type, operation);
        try
        {
            var result = await WithinStoreTimeoutAsync(t => call(notification, t), cancellationToken).ConfigureAwait(false);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(SnsTelegramActivities.NotifyStatus, NotifyStatusName(result.Status));
                if (result.OutboxId is { } id)
                {
                    activity.SetTag(SnsTelegramActivities.MessageId, id.ToString(CultureInfo.InvariantCulture));
                }
            }

            return result;
        }
        catch (Exception e)
        {
            SnsTelegramActivities.Failed(activity, e.GetType().FullName ?? e.GetType().Name);
            throw;
        }
    }

    internal static string NotifyStatusName(NotifyStatus status) => status switch
    {
        NotifyStatus.Queued => "queued",
        NotifyStatus.Duplicate => "duplicate",
        NotifyStatus.NotLinked => "not_linked",
        NotifyStatus.Disabled => "disabled",
        NotifyStatus.Muted => "muted",
        NotifyStatus.NotFound => "not_found",
        _ => "unknown",
    };

    /// <summary>
    /// Runs <paramref name="call"/> (which reads the links and writes the outbox) within <see cref="DeliveryOptions.StoreTimeout"/>:
    /// a store that does not answer in time or cannot be reached (the database is down or locked) makes the call fail at
    /// once with <see cref="SnsTelegramStoreException"/>, nothing queued, rather than hang the caller.
    /// </summary>
    private async ValueTask<T> WithinStoreTimeoutAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var limit = options.Value.Delivery.StoreTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await call(timeout.Token).AsTask().WaitAsync(limit, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is TimeoutException or OperationCanceledException)
        {
            throw new SnsTelegramStoreException(
                string.Create(CultureInfo.InvariantCulture, $"The SnsTelegram store (chat links and outbox) did not answer within SnsTelegram:Delivery:StoreTimeout ({limit.TotalSeconds:0.###} s): the notification was not queued."),
                e);
        }
        catch (Exception e) when (e is DbException or IOException or SocketException)
        {
            throw new SnsTelegramStoreException(
                $"The SnsTelegram store (chat links and outbox) is unreachable ({e.GetType().Name}): the notification was not queued.",
                e);
        }
    }

    private async ValueTask<NotifyResult> NotifyCoreAsync(SnsNotification notification, CancellationToken cancellationToken)
    {
        var (link, refused) = await CheckAsync(notification, cancellationToken).ConfigureAwait(false);
        if (refused is { } status)
        {
            return await RefusedAsync(notification, status, cancellationToken).ConfigureAwait(false);
        }

        var now = timeProvider.GetUtcNow();
        var key = IdempotencyKeyOf(notification);
        var plan = renderer.PlanOf(notification, link!, now);
        if (plan.Kind != SendPlanKind.Now && DigestItems.From(notification, key, now) is { } item)
        {
            return await DigestAsync(notification, item, plan, now, cancellationToken).ConfigureAwait(false);
        }

        var result = await outbox.EnqueueAsync(ToOutboxMessage(notification, link!, key, plan, now), cancellationToken).ConfigureAwait(false);

        if (result.Enqueued)
        {
            signal.Wake();
        }

        Log.NotificationQueued(logger, notification.Type, result.Id, !result.Enqueued);
        return new NotifyResult(result.Enqueued ? NotifyStatus.Queued : NotifyStatus.Duplicate, result.Id);
    }

    /// <summary>The answer for a notification its link refuses; a muted one is noted for the activity log.</summary>
    private async ValueTask<NotifyResult> RefusedAsync(SnsNotification notification, NotifyStatus status, CancellationToken cancellationToken)
    {
        if (status == NotifyStatus.Muted)
        {
            await NoteAsync(notification, IdempotencyKeyOf(notification), NotificationNoteKind.Muted, null, cancellationToken).ConfigureAwait(false);
        }

        return new NotifyResult(status);
    }

    /// <summary>Keeps <paramref name="item"/> in its user's digest (or hold) window, noted for the activity log when new.</summary>
    private async ValueTask<NotifyResult> DigestAsync(SnsNotification notification, DigestItem item, SendPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kept = await digests.AddAsync(item, now, plan.Until, plan.Kind == SendPlanKind.Hold, cancellationToken).ConfigureAwait(false);
        Log.NotificationDigested(logger, notification.Type, kept.WindowId, plan.Kind == SendPlanKind.Hold, !kept.Added);
        if (kept.Added)
        {
            await NoteAsync(notification, item.Key, NotificationNoteKind.Digested, kept.WindowId, cancellationToken).ConfigureAwait(false);
        }

        return new NotifyResult(kept.Added ? NotifyStatus.Digested : NotifyStatus.Duplicate);
    }

    /// <summary>
    /// Notes a notification that gets no message of its own (muted, digested) for the user's activity log. The outcome
    /// is decided already, so a store that fails here is logged (2119) and the call still answers it.
    /// </summary>
    private async ValueTask NoteAsync(SnsNotification notification, string key, NotificationNoteKind kind, long? windowId, CancellationToken cancellationToken)
    {
        var note = new NotificationNote
        {
            Key = key.Length <= StoreArguments.MaxNoteKeyLength ? key : $"{notification.Type}:{Guid.NewGuid():N}",
            UserId = notification.UserId,
            NotificationType = notification.Type,
            Kind = kind,
            CreatedAt = timeProvider.GetUtcNow(),
            DigestWindowId = windowId,
        };
        try
        {
            await notes.AddAsync(note, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or SocketException or SnsTelegramStoreException)
        {
            Log.NoteFailed(logger, notification.Type, kind, e);
        }
    }

    /// <summary>
    /// The outbox message of a notification that goes out now, or, held without a digest to fold it into (a daily report),
    /// when the quiet hours end; it keeps the current span's context.
    /// </summary>
    private OutboxMessage ToOutboxMessage(SnsNotification notification, ChatLink link, string key, SendPlan plan, DateTimeOffset now)
    {
        var dueAt = plan.Kind == SendPlanKind.Hold ? plan.Until : now;
        var message = pipeline.Render(notification, link);
        if (plan.Kind == SendPlanKind.Hold)
        {
            message = message with { Silent = false };
            Log.NotificationHeld(logger, notification.Type, dueAt);
        }

        var context = SnsTelegramActivities.CurrentContext();
        return new OutboxMessage
        {
            IdempotencyKey = key,
            UserId = notification.UserId,
            ChatId = link.ChatId,
            ChatType = link.ChatType,
            NotificationType = notification.Type,
            Lane = DeliveryLanes.Of(notification.Type, options.Value.Delivery),
            Platform = PlatformOf(notification),
            Message = message,
            CreatedAt = now,
            DueAt = dueAt,
            TraceParent = context.TraceParent,
            TraceState = context.TraceState,
        };
    }

    private async ValueTask<NotifyResult> UpdateCoreAsync(SnsNotification notification, CancellationToken cancellationToken)
    {
        var (link, refused) = await CheckAsync(notification, cancellationToken).ConfigureAwait(false);
        if (refused is { } status)
        {
            return new NotifyResult(status);
        }

        var originalKey = IdempotencyKeyOf(notification);
        var original = await outbox.FindByKeyAsync(originalKey, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            // A digest lists posts without live metrics and is not edited: the edit of a digested post is dropped.
            if (await digests.ContainsAsync(originalKey, cancellationToken).ConfigureAwait(false))
            {
                Log.DigestedEditDropped(logger, notification.Type);
                return new NotifyResult(NotifyStatus.Digested);
            }

            return new NotifyResult(NotifyStatus.NotFound);
        }

        // Edits never ring: Telegram does not notify about an edited message.
        var message = MatchOriginal(pipeline.Render(notification, link!) with { Silent = false }, original.Message);

        // The same content as the message's latest version (the newest edit, or the original) changes nothing.
        var latest = await outbox.FindLatestEditAsync(originalKey, cancellationToken).ConfigureAwait(false);
        var content = StoredJson.Serialize(message);
        if (SameContent(latest?.Message ?? original.Message, content))
        {
            Log.EditQueued(logger, notification.Type, (latest ?? original).Id, original.Id, true);
            return new NotifyResult(NotifyStatus.Duplicate, (latest ?? original).Id);
        }

        var now = timeProvider.GetUtcNow();
        var result = await outbox.EnqueueAsync(
            new OutboxMessage
            {
                IdempotencyKey = EditKeyOf(originalKey, content, latest?.Id ?? 0),
                UserId = notification.UserId,

                // The edit follows its original in that chat's queue, so it goes out after it.
                ChatId = original.ChatId,
                ChatType = original.ChatType,
                NotificationType = notification.Type,
                Message = message,
                CreatedAt = now,
                DueAt = now,
                EditOf = originalKey,
                TraceParent = SnsTelegramActivities.CurrentContext().TraceParent,
                TraceState = SnsTelegramActivities.CurrentContext().TraceState,
            },
            cancellationToken).ConfigureAwait(false);

        if (result.Enqueued)
        {
            pendingEdits.Queued(originalKey, result.Id);
            signal.Wake();
        }

        Log.EditQueued(logger, notification.Type, result.Id, original.Id, !result.Enqueued);
        return new NotifyResult(result.Enqueued ? NotifyStatus.Queued : NotifyStatus.Duplicate, result.Id);
    }

    public ValueTask<NotifyResult> NotifyAsync(string type, string userId, JsonElement payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        SnsUserId.ThrowIfInvalid(userId, nameof(userId));
        return NotifyAsync(SnsNotificationFactory.Create(type, userId, payload), cancellationToken);
    }

    /// <summary>
    /// The key of an edit: the original's key, the new content's hash and the id of the edit it follows (0 for the
    /// first). Two callers sending the same change at once queue it once; content that comes back after another change
    /// (likes 5, 6, then 5 again) is a new edit, because it follows a different one.
    /// </summary>
    internal static string EditKeyOf(string originalKey, string content, long afterEditId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(content), hash);
        return string.Create(CultureInfo.InvariantCulture, $"edit:{originalKey}:{Convert.ToHexStringLower(hash[..8])}:{afterEditId}");
    }

    /// <summary>Whether an edit with <paramref name="content"/> (stored form, never ringing) would show what <paramref name="current"/> shows.</summary>
    private static bool SameContent(TelegramMessage current, string content) =>
        string.Equals(StoredJson.Serialize(current with { Silent = false }), content, StringComparison.Ordinal);

    /// <summary>
    /// An edit cannot add or remove a picture: a photo message gets a new caption (kept within 1024 characters, the
    /// original's picture noted so the edit goes out as <c>editMessageCaption</c>), a text message new text.
    /// </summary>
    private static TelegramMessage MatchOriginal(TelegramMessage message, TelegramMessage original) => (original.Photo, message.Photo) switch
    {
        (null, null) => message,
        (null, _) => message with { Photo = null },
        (var photo, _) => message with { Photo = photo, Text = TelegramHtml.FitToLimit(message.Text, TelegramHtml.MaxCaptionLength) },
    };

    /// <summary>Validates the notification and finds the user's link; the status when nothing may be queued for it.</summary>
    private async ValueTask<(ChatLink? Link, NotifyStatus? Refused)> CheckAsync(SnsNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (SnsUserId.Problem(notification.UserId) is { } problem)
        {
            throw new ArgumentException($"The notification's UserId is not valid: {problem}", nameof(notification));
        }

        var check = await pipeline.CheckLinkAsync(notification.UserId, notification, cancellationToken).ConfigureAwait(false);
        return (check.Link, Refusal(check));
    }

    /// <summary>
    /// The one social network <paramref name="notification"/> is about (a post's platform, an automation's only one), as
    /// kept with its message for a forum's topic per platform; null for none, several, or an id too long to keep.
    /// </summary>
    internal static string? PlatformOf(SnsNotification notification)
    {
        var platform = notification switch
        {
            PostPublished published => published.Platform.Id,
            PostFailed failed => failed.Platform.Id,
            AutomationExecuted { Platforms: [var only] } => only.Id,
            _ => null,
        };
        return platform is { Length: > 0 and <= StoreArguments.MaxPlatformLength } ? platform : null;
    }

    /// <summary>The status when a link check allows nothing to be queued, else null.</summary>
    private static NotifyStatus? Refusal(LinkCheck check) => check.Status switch
    {
        LinkCheckStatus.NotLinked => NotifyStatus.NotLinked,
        LinkCheckStatus.Disabled => NotifyStatus.Disabled,
        LinkCheckStatus.Muted => NotifyStatus.Muted,
        _ => null,
    };

    /// <summary>The caller's key, or one derived from what identifies the notification, or a new unique one.</summary>
    internal static string IdempotencyKeyOf(SnsNotification notification)
    {
        if (!string.IsNullOrEmpty(notification.IdempotencyKey))
        {
            return notification.IdempotencyKey;
        }

        return notification switch
        {
            PostPublished { PostId: { Length: > 0 } postId } => $"{NotificationTypes.PostSuccess}:{postId}",
            DailySummary summary => string.Create(CultureInfo.InvariantCulture, $"{NotificationTypes.DailySummary}:{summary.UserId}:{summary.Date:yyyy-MM-dd}"),
            _ => $"{notification.Type}:{Guid.NewGuid():N}",
        };
    }
}
