using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

/// <summary>
/// One measurement: a fresh emulator (with its own users), a fresh schema on the shared PostgreSQL server, the
/// orchestrator's own outbox on that schema (delivery off: it only enqueues), and the host processes started for it.
/// </summary>
internal sealed class ClusterRun : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _hostDll;
    private readonly string[] _hostArguments;

    private ClusterRun(TelegramEmulator emulator, long[] chats, ServiceProvider services, string hostDll, string[] hostArguments)
    {
        Emulator = emulator;
        Chats = chats;
        _services = services;
        _hostDll = hostDll;
        _hostArguments = hostArguments;
        Deliveries = new DeliveryRecorder(emulator);
        Outbox = services.GetRequiredService<IOutboxStore>();
    }

    public TelegramEmulator Emulator { get; }

    public long[] Chats { get; }

    public DeliveryRecorder Deliveries { get; }

    public IOutboxStore Outbox { get; }

    public List<HostProcess> Hosts { get; } = [];

    public HostProcess? Sender => Hosts.FirstOrDefault(h => h.Sending && !h.Process.HasExited);

    /// <param name="emulatorLimits">Keys of <see cref="TelegramEmulatorRateLimits"/> bound onto the strict limits (unknown ones are ignored).</param>
    public static async Task<ClusterRun> StartAsync(Settings settings, string connectionString, string schema, int chats, TimeSpan latency, bool limits, IDictionary<string, string?>? emulatorLimits = null)
    {
        var rateLimits = limits ? new TelegramEmulatorRateLimits() : TelegramEmulatorRateLimits.Disabled;
        if (emulatorLimits is not null)
        {
            new ConfigurationBuilder().AddInMemoryCollection(emulatorLimits).Build().Bind(rateLimits);
        }

        var emulator = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { Latency = latency, RateLimits = rateLimits });
        var ids = new long[chats];
        for (var i = 0; i < chats; i++)
        {
            ids[i] = emulator.CreateUser("User" + i).ChatId;
        }

        // Chat ids are stored encrypted: the orchestrator and every host share one wrapping key, as the instances of an
        // app share one key ring (each process would otherwise have a Data Protection key ring of its own).
        var storageKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var services = new ServiceCollection();
        services.AddSnsTelegram(o =>
        {
            o.StorageEncryptionKey = storageKey;
            o.BotToken = emulator.BotToken;
            o.BotUsername = emulator.BotUsername;
            o.ApiBaseUrl = emulator.BaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
            o.Delivery.Enabled = false;
        }).UsePostgreSql(connectionString, schema);
        var provider = services.BuildServiceProvider();

        // creates the schema before the hosts start
        await provider.GetRequiredService<IOutboxStore>().GetStatsAsync(DateTimeOffset.UtcNow);
        string[] hostArguments =
        [
            "--Store:ConnectionString=" + connectionString,
            "--Store:Schema=" + schema,
            "--SnsTelegram:BotToken=" + emulator.BotToken,
            "--SnsTelegram:StorageEncryptionKey=" + storageKey,
            "--SnsTelegram:BotUsername=" + emulator.BotUsername,
            "--SnsTelegram:ApiBaseUrl=" + emulator.BaseUrl,
            .. settings.HostArguments,
            .. limits ? [] : (string[])["--SnsTelegram:Delivery:GlobalMessagesPerSecond=0", "--SnsTelegram:Delivery:PrivateChatMessagesPerSecond=0", "--SnsTelegram:Delivery:GroupMessagesPerMinute=0"],
        ];
        return new ClusterRun(emulator, ids, provider, settings.HostDll, hostArguments);
    }

    /// <summary>Starts <paramref name="count"/> hosts and waits until each is ready and one of them sends.</summary>
    public async Task StartHostsAsync(int count, params string[] extra)
    {
        for (var i = 0; i < count; i++)
        {
            Hosts.Add(new HostProcess($"host{Hosts.Count + 1}", _hostDll, [.. _hostArguments, .. extra]));
        }

        foreach (var host in Hosts)
        {
            if (!await host.Ready.WaitAsync(TimeSpan.FromSeconds(120)))
            {
                throw new InvalidOperationException($"{host.Name} exited: {host.UnknownOption} {string.Join(" | ", host.Problems)}");
            }
        }

        var end = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Sender is null)
        {
            if (Stopwatch.GetTimestamp() > end)
            {
                throw new InvalidOperationException("no host started sending within 30 s");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A plain-text message whose text is its key.</summary>
    public static OutboxMessage Message(string key, long chatId, DeliveryLane lane)
    {
        var now = DateTimeOffset.UtcNow;
        return new OutboxMessage
        {
            IdempotencyKey = key,
            UserId = "user-" + chatId,
            ChatId = chatId,
            NotificationType = lane switch
            {
                DeliveryLane.Urgent => NotificationTypes.PostFailure,
                DeliveryLane.Bulk => NotificationTypes.DailySummary,
                _ => NotificationTypes.PostSuccess,
            },
            Lane = lane,
            Message = new TelegramMessage(key),
            CreatedAt = now,
            DueAt = now,
        };
    }

    /// <summary>Enqueues message i (key "<paramref name="prefix"/>-i", chat i) for each of the run's chats from <paramref name="first"/> on.</summary>
    public async Task EnqueueAsync(string prefix, int first, int count, DeliveryLane lane, int parallelism)
    {
        await Parallel.ForAsync(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
            await Outbox.EnqueueAsync(Message(Key(prefix, i), Chats[i], lane), ct));
    }

    /// <summary>
    /// Enqueues the same messages as <see cref="EnqueueAsync"/> through <see cref="IOutboxStore.EnqueueManyAsync"/>, in
    /// lists of <paramref name="chunk"/> one after the other, so the first list is being sent while the others are stored.
    /// </summary>
    public async Task EnqueueInChunksAsync(string prefix, int first, int count, DeliveryLane lane, int chunk)
    {
        for (var start = first; start < first + count; start += chunk)
        {
            var size = Math.Min(chunk, first + count - start);
            var results = await Outbox.EnqueueManyAsync([.. Enumerable.Range(start, size).Select(i => Message(Key(prefix, i), Chats[i], lane))]);
            if (results.Count(r => r.Enqueued) != size)
            {
                throw new InvalidOperationException($"EnqueueManyAsync stored {results.Count(r => r.Enqueued)} of {size} new messages");
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> messages to the chats after the first <paramref name="first"/> ones and waits for
    /// them, then 2 s more (so Telegram's one-second windows are empty again); then forgets them.
    /// </summary>
    public async Task WarmUpAsync(int first, int count, int parallelism)
    {
        if (count == 0)
        {
            return;
        }

        await EnqueueAsync("warm", first, count, DeliveryLane.Normal, parallelism);
        if (!await Deliveries.WaitForAsync(count, TimeSpan.FromSeconds(60 + (count / 30.0))))
        {
            throw new InvalidOperationException("the warm-up messages were not delivered within a minute");
        }

        await Task.Delay(2000);
        TooManyRequestsBefore = Emulator.Counters.TooManyRequests;
        Deliveries.Clear();
    }

    /// <summary>429 answers before the measured part (during the warm-up).</summary>
    public long TooManyRequestsBefore { get; private set; }

    /// <summary>429 answers during the measured part.</summary>
    public long TooManyRequests => Emulator.Counters.TooManyRequests - TooManyRequestsBefore;

    public static string Key(string prefix, int i) => $"{prefix}-{i:D6}";

    /// <summary>Problems the hosts logged (warnings and errors), counted by event id.</summary>
    public string ProblemSummary()
    {
        var lines = Hosts.SelectMany(h => h.Problems).ToArray();
        if (lines.Length == 0)
        {
            return "none";
        }

        return string.Join(", ", lines.GroupBy(l => string.Join(' ', l.Split(' ').Take(2))).Select(g => $"{g.Key} x{g.Count()}")) + $" (first: {lines[0]})";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            host.Dispose();
        }

        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
