using System.Diagnostics;
using SnsTelegram.Sdk.Testing;

/// <summary>Every message the emulator accepted from the bot, with the Stopwatch ticks of its recording.</summary>
internal sealed class DeliveryRecorder
{
    private readonly Lock _lock = new();
    private readonly List<(string Key, long ChatId, long Ticks)> _all = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public DeliveryRecorder(TelegramEmulator emulator) => emulator.MessageRecorded += (_, e) =>
    {
        if (!e.Message.FromBot)
        {
            return;
        }

        var ticks = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _all.Add((e.Message.Text, e.Message.ChatId, ticks));
            _counts[e.Message.Text] = _counts.GetValueOrDefault(e.Message.Text) + 1;
        }
    };

    /// <summary>Forgets everything recorded so far (after a warm-up).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _all.Clear();
            _counts.Clear();
        }
    }

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    public int Distinct
    {
        get
        {
            lock (_lock)
            {
                return _counts.Count;
            }
        }
    }

    /// <summary>Deliveries beyond the first of each message.</summary>
    public int Duplicates
    {
        get
        {
            lock (_lock)
            {
                return _all.Count - _counts.Count;
            }
        }
    }

    public (string Key, long ChatId, long Ticks)[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _all];
        }
    }

    /// <summary>When the first delivery of <paramref name="key"/> was recorded, or null.</summary>
    public long? TicksOf(string key)
    {
        lock (_lock)
        {
            foreach (var d in _all)
            {
                if (d.Key == key)
                {
                    return d.Ticks;
                }
            }
        }

        return null;
    }

    /// <summary>Chats whose messages (keys ending in an increasing number) were first delivered out of enqueue order.</summary>
    public int ChatsOutOfOrder()
    {
        var outOfOrder = 0;
        foreach (var chat in Snapshot().GroupBy(d => d.ChatId))
        {
            var sequence = chat.Select(d => d.Key).Distinct().Select(k => long.Parse(k[(k.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (!sequence.SequenceEqual(sequence.Order()))
            {
                outOfOrder++;
            }
        }

        return outOfOrder;
    }

    /// <summary>Waits until <paramref name="distinct"/> different messages arrived; false on timeout.</summary>
    public async Task<bool> WaitForAsync(int distinct, TimeSpan timeout, Func<bool>? alsoStop = null)
    {
        var end = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Distinct < distinct)
        {
            if (Stopwatch.GetTimestamp() > end || (alsoStop?.Invoke() ?? false))
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
