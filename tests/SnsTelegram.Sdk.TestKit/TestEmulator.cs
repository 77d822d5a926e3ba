using SnsTelegram.Sdk.Testing;
using Telegram.Bot;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>The Telegram emulator as the tests start it, and a bot client for it.</summary>
internal static class TestEmulator
{
    /// <summary>One HTTP client for the tests' bot clients (no proxy: the emulator is on 127.0.0.1).</summary>
    public static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    /// <summary>
    /// Starts an emulator on 127.0.0.1 with its flood limits off (a test about limits turns them on in
    /// <paramref name="configure"/>), after <paramref name="configure"/> has changed its options.
    /// </summary>
    public static Task<TelegramEmulator> StartAsync(Action<TelegramEmulatorOptions>? configure = null)
    {
        var options = new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled };
        configure?.Invoke(options);
        return TelegramEmulator.StartAsync(options);
    }

    /// <summary>A Telegram.Bot client for the emulator that does not retry by itself.</summary>
    public static TelegramBotClient Bot(this TelegramEmulator telegram, string? token = null) =>
        new(new TelegramBotClientOptions(token ?? telegram.BotToken, telegram.BaseUrl) { RetryCount = 0 }, Http);
}
