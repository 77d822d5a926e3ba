using System.Collections.Concurrent;
using SnsTelegram.Sdk.Testing.Server;

namespace SnsTelegram.Sdk.Testing.Recording;

/// <summary>One emulated chat: its conversation (current version of each message), message ids, per-chat flood
/// limiter and the signal that wakes tests waiting for messages.</summary>
internal sealed class ChatState(long id, ChatKind kind, string? title, EmulatedUser? user)
{
    private readonly List<RecordedMessage> _conversation = [];
    private readonly Dictionary<int, int> _indexById = [];
    private TaskCompletionSource? _changed;
    private int _nextMessageId = 1;
    private int _waitCursor;

    public Lock Sync { get; } = new();

    public long Id { get; } = id;

    public ChatKind Kind { get; } = kind;

    public string? Title { get; } = title;

    public EmulatedUser? User { get; } = user;

    public volatile bool BotBlocked;

    public volatile bool BotStarted;

    public long? MigratedTo { get; set; }

    /// <summary>A group's members and their status (people only; the bot's own status is <see cref="BotRemoved"/> and <see cref="BotCanManageTopics"/>).</summary>
    public ConcurrentDictionary<long, EmulatedMemberStatus> Members { get; } = new();

    /// <summary>Whether the bot was removed from the group (sends answer 403).</summary>
    public volatile bool BotRemoved;

    /// <summary>Whether the supergroup is a forum (has topics).</summary>
    public bool IsForum { get; init; }

    /// <summary>Whether the bot is an administrator allowed to create topics (<c>can_manage_topics</c>).</summary>
    public bool BotCanManageTopics { get; init; }

    /// <summary>A forum's topics: <c>message_thread_id</c> → name.</summary>
    public ConcurrentDictionary<int, string> Topics { get; } = new();

    private int _nextTopicId = 1;

    /// <summary>Creates a topic with the next thread id (the General topic is 1; created topics start above it).</summary>
    public int AddTopic(string name)
    {
        var id = Interlocked.Add(ref _nextTopicId, 10);
        Topics[id] = name;
        return id;
    }

    public SlidingWindowLimiter? Limiter { get; set; }

    /// <summary>Appends a message created by <paramref name="create"/> with the next message id.</summary>
    public RecordedMessage Append(Func<int, RecordedMessage> create)
    {
        RecordedMessage message;
        TaskCompletionSource? changed;
        lock (Sync)
        {
            message = create(_nextMessageId++);
            _indexById[message.MessageId] = _conversation.Count;
            _conversation.Add(message);
            changed = _changed;
            _changed = null;
        }

        changed?.TrySetResult();
        return message;
    }

    /// <summary>Replaces a message by the result of <paramref name="update"/>; the function may throw a Bot API error.</summary>
    public RecordedMessage Update(int messageId, string notFound, Func<RecordedMessage, RecordedMessage> update)
    {
        RecordedMessage message;
        TaskCompletionSource? changed;
        lock (Sync)
        {
            if (!_indexById.TryGetValue(messageId, out var index) || _conversation[index].IsDeleted)
            {
                throw new BotApiException(400, notFound);
            }

            message = update(_conversation[index]);
            _conversation[index] = message;
            changed = _changed;
            _changed = null;
        }

        changed?.TrySetResult();
        return message;
    }

    public RecordedMessage? Find(int messageId)
    {
        lock (Sync)
        {
            return _indexById.TryGetValue(messageId, out var index) ? _conversation[index] : null;
        }
    }

    public RecordedMessage[] Snapshot(bool botOnly)
    {
        lock (Sync)
        {
            return botOnly ? [.. _conversation.Where(m => m.FromBot)] : [.. _conversation];
        }
    }

    /// <summary>The next bot message no earlier call returned, or the task that completes on the next change.</summary>
    public RecordedMessage? TakeNext(out Task changed)
    {
        lock (Sync)
        {
            var seen = 0;
            foreach (var message in _conversation)
            {
                if (!message.FromBot)
                {
                    continue;
                }

                if (seen++ == _waitCursor)
                {
                    _waitCursor++;
                    changed = Task.CompletedTask;
                    return message;
                }
            }

            changed = ChangedTask();
            return null;
        }
    }

    /// <summary>The bot messages matching <paramref name="predicate"/> when there are at least <paramref name="count"/>,
    /// or the task that completes on the next change.</summary>
    public RecordedMessage[]? Matching(Func<RecordedMessage, bool> predicate, int count, out Task changed)
    {
        lock (Sync)
        {
            var matches = _conversation.Where(m => m.FromBot && predicate(m)).ToArray();
            if (matches.Length >= count)
            {
                changed = Task.CompletedTask;
                return matches;
            }

            changed = ChangedTask();
            return null;
        }
    }

    private Task ChangedTask() => (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
