using System.Globalization;
using SnsTelegram.Sdk.Testing;

// Runs the Telegram emulator alone (rate limits off) so a separate load generator can measure its throughput:
//   READY <base url> <bot token> <chat id>   is printed once it listens; Ctrl+C or stdin EOF stops it.
var port = args.Length > 1 && args[0] == "--port" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
await using var telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions
{
    Port = port,
    RateLimits = new TelegramEmulatorRateLimits { Enabled = false },
});
var user = telegram.CreateUser("Load");
Console.WriteLine($"READY {telegram.BaseUrl} {telegram.BotToken} {user.ChatId}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
_ = Task.Run(async () => { while (await Console.In.ReadLineAsync() is not null) { } stop.Cancel(); });
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine($"sent={telegram.Counters.MessagesSent}");
