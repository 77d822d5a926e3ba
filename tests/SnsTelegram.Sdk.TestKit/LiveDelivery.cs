using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>The delivery room as a host runs it (real clock, real Telegram.Bot client over HTTP) against the emulator.</summary>
internal sealed class LiveDelivery : IAsyncDisposable
{
    private LiveDelivery(TelegramEmulator emulator, ServiceProvider services)
    {
        Emulator = emulator;
        Services = services;
    }

    public TelegramEmulator Emulator { get; }

    public ServiceProvider Services { get; }

    public ISnsTelegramNotifier Notifier => Services.GetRequiredService<ISnsTelegramNotifier>();

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    public IChatLinkStore Links => Services.GetRequiredService<IChatLinkStore>();

    public OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>How long <see cref="DisposeAsync"/> lets sends on the wire finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static async Task<LiveDelivery> StartAsync(
        TelegramEmulatorOptions? emulatorOptions = null,
        Action<SnsTelegramOptions>? configure = null,
        bool recordingFormatter = true)
    {
        var emulator = await TelegramEmulator.StartAsync(emulatorOptions);
        var services = new ServiceCollection();
        if (recordingFormatter)
        {
            services.AddSingleton<ITelegramMessageFormatter, RecordingFormatter>();
        }

        AddDelivery(services, emulator, configure);
        return new LiveDelivery(emulator, services.BuildServiceProvider());
    }

    /// <summary>The library pointed at <paramref name="emulator"/>, with short retry, poll and lease times for tests.</summary>
    public static ISnsTelegramBuilder AddDelivery(IServiceCollection services, TelegramEmulator emulator, Action<SnsTelegramOptions>? configure = null) =>
        services.AddSnsTelegram(o =>
        {
            o.BotToken = emulator.BotToken;
            o.BotUsername = emulator.BotUsername;
            o.ApiBaseUrl = emulator.BaseUrl;
            o.UpdateMode = TelegramUpdateMode.None;
            o.Delivery.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            o.Delivery.RetryMaxDelay = TimeSpan.FromSeconds(1);
            o.Delivery.PollInterval = TimeSpan.FromMilliseconds(200);
            o.Delivery.RequestTimeout = TimeSpan.FromSeconds(10);
            o.Delivery.LeaseDuration = TimeSpan.FromSeconds(30);

            // the key of the tests' own databases and of the crash host, so all of them read each other's chat ids
            o.StorageEncryptionKey = TestChatIdProtection.Key;
            configure?.Invoke(o);
        });

    public Task StartDispatcherAsync() => Dispatcher.StartAsync(CancellationToken.None);

    public async Task<ChatLink> LinkAsync(string userId, long chatId, TelegramChatType type = TelegramChatType.Private)
    {
        var link = new ChatLink { UserId = userId, ChatId = chatId, ChatType = type, LinkedAt = DateTimeOffset.UnixEpoch };
        await Links.LinkAsync(link, exclusiveChat: false);
        return link;
    }

    /// <summary>Waits until every message of <paramref name="ids"/> is sent or dead-lettered.</summary>
    public async Task WaitUntilDoneAsync(IEnumerable<long> ids, TimeSpan? timeout = null)
    {
        var pending = ids.ToHashSet();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                foreach (var id in pending.ToArray())
                {
                    if ((await Outbox.GetAsync(id))?.State is OutboxState.Sent or OutboxState.DeadLettered)
                    {
                        pending.Remove(id);
                    }
                }

                return pending.Count == 0;
            },
            "every message is sent or dead-lettered",
            timeout ?? TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await Dispatcher.StopAsync(timeout.Token);
        }

        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
