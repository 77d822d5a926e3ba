// Usage: dotnet SnsTelegram.Sdk.CrashHost.dll <store> <Bot API base url> <bot token> <bot username> <max concurrency> [limits]
//   <store>  a SQLite file, or "postgresql:<schema>:<connection string>"
//   limits   keep Telegram's rate limits (30/s, 1/s per chat); without it the limits are off
// Delivers the outbox of the store until it is killed. Prints "delivering" once the dispatcher runs, and
// "sending" when this process holds the right to send for the store (the others stand by).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk;

if (args.Length is < 5 or > 6)
{
    Console.Error.WriteLine("usage: SnsTelegram.Sdk.CrashHost <sqlite file | postgresql:<schema>:<connection string>> <api base url> <bot token> <bot username> <max concurrency> [limits]");
    return 2;
}

var limits = args.Length == 6 && args[5] == "limits";
var services = new ServiceCollection();
services.AddLogging(logging => logging.AddProvider(new SendingLineLogger()));
var sns = services.AddSnsTelegram(o =>
{
    o.BotToken = args[2];
    o.BotUsername = args[3];
    o.ApiBaseUrl = args[1];
    o.UpdateMode = TelegramUpdateMode.None;
    if (!limits)
    {
        o.Delivery.GlobalMessagesPerSecond = 0;
        o.Delivery.PrivateChatMessagesPerSecond = 0;
        o.Delivery.GroupMessagesPerMinute = 0;
    }

    o.Delivery.MaxConcurrency = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
    o.Delivery.RequestTimeout = TimeSpan.FromSeconds(3);

    // long leases: a successor must not wait for them to expire, it frees them when it takes over
    o.Delivery.LeaseDuration = TimeSpan.FromMinutes(10);
    o.Delivery.PollInterval = TimeSpan.FromMilliseconds(200);

    // the test's key, so the host and the test read each other's encrypted chat ids
    o.StorageEncryptionKey = Environment.GetEnvironmentVariable("SNSTELEGRAM_STORAGE_KEY");
});
if (args[0].StartsWith("postgresql:", StringComparison.Ordinal))
{
    var rest = args[0]["postgresql:".Length..];
    var colon = rest.IndexOf(':', StringComparison.Ordinal);
    sns.UsePostgreSql(rest[(colon + 1)..], rest[..colon]);
}
else
{
    sns.UseSqlite($"Data Source={args[0]}");
}

await using var provider = services.BuildServiceProvider();
var dispatcher = provider.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "OutboxDispatcher");
await dispatcher.StartAsync(CancellationToken.None);
Console.WriteLine("delivering");
await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System);
return 0;

/// <summary>Prints "sending" when the dispatcher starts sending for the store (log event 2000).</summary>
internal sealed class SendingLineLogger : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == 2000)
        {
            Console.WriteLine("sending");
        }
    }

    public void Dispose()
    {
    }
}
