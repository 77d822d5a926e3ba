using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// The one way an event leaves the library. The rooms that store a change (delivery's outcomes, linking, the bot) raise
/// its event here right after the store took it; raising never waits and never throws, so a slow handler or a failing
/// queue cannot hold up or undo a send. One loop then takes the events in order and, for each: queues it durably for
/// the app's webhook (<see cref="IEventDeliveryStore"/>, when a webhook is configured) and wakes the pump, then calls
/// every <see cref="ISnsTelegramEventHandler"/>, each in its own scope, logging (7001) a handler that throws. On a
/// graceful stop the loop finishes every event raised before; a process that is killed loses only the events raised in
/// its last moments and not yet queued.
/// </summary>
internal sealed class EventPublisher : IHostedService, IDisposable
{
    private const int EnqueueTries = 3;

    private readonly Channel<Raised> _channel = Channel.CreateUnbounded<Raised>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly IEventDeliveryStore _store;
    private readonly IChatLinkStore _links;
    private readonly EventSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<EventPublisher> _logger;
    private readonly Type[] _handlers;
    private readonly bool _webhook;
    private readonly bool _includeContent;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _handled;

    public EventPublisher(
        IServiceScopeFactory scopes,
        IEnumerable<EventHandlerRegistration> handlers,
        IEventDeliveryStore store,
        IChatLinkStore links,
        EventSignal signal,
        IOptions<SnsTelegramOptions> options,
        TimeProvider time,
        ILogger<EventPublisher> logger)
    {
        _scopes = scopes;
        _store = store;
        _links = links;
        _signal = signal;
        _time = time;
        _logger = logger;
        _handlers = handlers.Select(h => h.HandlerType).Distinct().ToArray();
        _webhook = !string.IsNullOrWhiteSpace(options.Value.Events.Webhook.Url);
        _includeContent = options.Value.Events.IncludeContent;
        Enabled = _webhook || _handlers.Length > 0;
    }

    /// <summary>Whether anyone listens: a webhook is configured or a handler registered. Otherwise raising does nothing.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Raises an event about one message of the outbox. The bot's own replies raise none: they belong to no user of the
    /// app (their outbox user id names the chat).
    /// </summary>
    public void Message(string type, OutboxMessage message, int? attempts = null, string? reason = null, DateTimeOffset? nextAttemptAt = null)
    {
        if (!Enabled || message.NotificationType == NotificationTypes.BotReply)
        {
            return;
        }

        Raise(new SnsTelegramEvent
        {
            Id = NewId(),
            Type = type,
            OccurredAt = _time.GetUtcNow(),
            UserId = message.UserId,
            NotificationType = message.NotificationType,
            IdempotencyKey = message.IdempotencyKey,
            OutboxId = message.Id,
            AttemptCount = attempts ?? message.Attempts,
            Reason = reason,
            QueuedAt = message.CreatedAt,
            NextAttemptAt = nextAttemptAt,
            ChatId = _includeContent ? message.ChatId : null,
            Text = _includeContent ? message.Message.Text : null,
        });
    }

    /// <summary>Raises an event about one user's link.</summary>
    public void Link(string type, string userId, long chatId, string? reason = null)
    {
        if (!Enabled)
        {
            return;
        }

        Raise(new SnsTelegramEvent
        {
            Id = NewId(),
            Type = type,
            OccurredAt = _time.GetUtcNow(),
            UserId = userId,
            Reason = reason,
            ChatId = _includeContent ? chatId : null,
        });
    }

    /// <summary>
    /// Raises an event for each user linked to <paramref name="chatId"/> (read when the event is processed): the links a
    /// chat-wide change turned off (<c>link.disabled</c>, only those now off with <paramref name="reason"/>), or moved
    /// from <paramref name="previousChatId"/> (<c>link.migrated</c>).
    /// </summary>
    public void Chat(string type, long chatId, string? reason = null, long? previousChatId = null)
    {
        if (Enabled)
        {
            Write(new Raised(null, type, chatId, reason, previousChatId, _time.GetUtcNow()));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        // the events raised before the stop are handled, within the host's shutdown timeout
        using var registration = cancellationToken.Register(_stopping.Cancel);
        await _loop.ConfigureAwait(false);
        Log.Stopped(_logger, Volatile.Read(ref _handled));
    }

    public void Dispose() => _stopping.Dispose();

    private static string NewId() => "evt_" + Guid.NewGuid().ToString("N");

    private void Raise(SnsTelegramEvent e) => Write(new Raised(e, e.Type, 0, null, null, e.OccurredAt));

    private void Write(Raised raised)
    {
        if (!_channel.Writer.TryWrite(raised))
        {
            Log.Dropped(_logger, raised.Type);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var raised in _channel.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                foreach (var e in await ExpandAsync(raised, stopping).ConfigureAwait(false))
                {
                    await PublishAsync(e, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the host's shutdown timeout ran out
        }
    }

    private async Task<IReadOnlyList<SnsTelegramEvent>> ExpandAsync(Raised raised, CancellationToken stopping)
    {
        if (raised.Event is { } single)
        {
            return [single];
        }

        try
        {
            var links = await _links.GetByChatAsync(raised.ChatId, stopping).ConfigureAwait(false);
            return links
                .Where(l => raised.Type != SnsTelegramEventTypes.LinkDisabled || (!l.Enabled && l.DisabledReason == raised.Reason))
                .Select(l => new SnsTelegramEvent
                {
                    Id = NewId(),
                    Type = raised.Type,
                    OccurredAt = raised.At,
                    UserId = l.UserId,
                    Reason = raised.Reason,
                    ChatId = _includeContent ? l.ChatId : null,
                    PreviousChatId = _includeContent ? raised.PreviousChatId : null,
                })
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            Log.ChatEventsFailed(_logger, raised.Type, e);
            return [];
        }
    }

    private async Task PublishAsync(SnsTelegramEvent e, CancellationToken stopping)
    {
        Interlocked.Increment(ref _handled);
        if (_webhook)
        {
            await EnqueueAsync(e, stopping).ConfigureAwait(false);
        }

        foreach (var type in _handlers)
        {
            try
            {
                var scope = _scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var handler = (ISnsTelegramEventHandler)scope.ServiceProvider.GetRequiredService(type);
                    await handler.HandleAsync(e, stopping).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                Log.HandlerFailed(_logger, type.FullName ?? type.Name, e.Id, e.Type, exception);
            }
        }
    }

    private async Task EnqueueAsync(SnsTelegramEvent e, CancellationToken stopping)
    {
        var delivery = new EventDelivery
        {
            EventId = e.Id,
            EventType = e.Type,
            Body = EventBody.Write(e),
            CreatedAt = e.OccurredAt,
            DueAt = e.OccurredAt,
        };
        for (var tries = 1; ; tries++)
        {
            try
            {
                await _store.EnqueueAsync(delivery, stopping).ConfigureAwait(false);
                _signal.Wake();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                if (tries == EnqueueTries)
                {
                    Log.EnqueueFailed(_logger, e.Id, e.Type, tries, exception);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * tries), _time, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A raised event, or a chat-wide change whose events are made when it is processed.</summary>
    private sealed record Raised(SnsTelegramEvent? Event, string Type, long ChatId, string? Reason, long? PreviousChatId, DateTimeOffset At);
}
