// Usage: dotnet SnsTelegram.Sdk.CrashHost.dll <sqlite file> <Bot API base url> <bot token> <bot username> <max concurrency>
// Delivers the outbox of the SQLite file until it is killed. Prints "delivering" once the dispatcher runs.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: SnsTelegram.Sdk.CrashHost <sqlite file> <api base url> <bot token> <bot username> <max concurrency>");
    return 2;
}

var services = new ServiceCollection();
services.AddSnsTelegram(o =>
{
    o.BotToken = args[2];
    o.BotUsername = args[3];
    o.ApiBaseUrl = args[1];
    o.UpdateMode = TelegramUpdateMode.None;
    o.Delivery.GlobalMessagesPerSecond = 0;
    o.Delivery.PrivateChatMessagesPerSecond = 0;
    o.Delivery.GroupMessagesPerMinute = 0;
    o.Delivery.MaxConcurrency = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
    o.Delivery.RequestTimeout = TimeSpan.FromSeconds(3);
    o.Delivery.LeaseDuration = TimeSpan.FromSeconds(5);
    o.Delivery.PollInterval = TimeSpan.FromMilliseconds(200);
}).UseSqlite($"Data Source={args[0]}");

await using var provider = services.BuildServiceProvider();
var dispatcher = provider.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "OutboxDispatcher");
await dispatcher.StartAsync(CancellationToken.None);
Console.WriteLine("delivering");
await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System);
return 0;
