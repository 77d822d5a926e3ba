// One app instance for the cluster benchmark (benchmarks/cluster/run.sh): AddSnsTelegram bound from configuration, the
// PostgreSQL stores, delivery on with the library's defaults (Telegram's limits) unless the configuration says otherwise.
//
// Usage: dotnet SnsTelegram.Sdk.ClusterHost.dll --Store:ConnectionString=<npgsql> --Store:Schema=<schema>
//            --SnsTelegram:BotToken=<token> --SnsTelegram:ApiBaseUrl=<emulator url> [--SnsTelegram:Delivery:...=...]
// Any SnsTelegram option can be set as --SnsTelegram:<path>=<value> (e.g. --SnsTelegram:Delivery:PaidBroadcast:Enabled=true).
// An option this build does not know is refused: the host prints "UNKNOWN-OPTION <message>" and exits with code 3.
//
// Standard output, one line each:
//   READY                         the host runs (its dispatcher sends or stands by)
//   EVENT <id> <message>          the dispatch events 2000 (started sending), 2041 (took over), 6100 (holds the lock), 6101 (stands by)
//   LOG <id> <level> <message>    any warning or error of the library
//   ENQUEUED <key> <timestamp>    answer to a command: the monotonic clock (Stopwatch ticks) just before the enqueue
//   STATS <work items> <allocated bytes> <gen-0 collections> <GC pause ms> <pool threads>
//                                 answer to "stats": the process's thread-pool work items done and bytes allocated so far
// Commands on standard input, one a line:
//   enqueue <key> <chat id> <urgent|normal|bulk>   enqueues a plain-text message through the host's IOutboxStore
//   stats                                          answers STATS
// End of standard input stops the host.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Storage;

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["SnsTelegram:BotUsername"] = "sns_emulator_bot",
    ["SnsTelegram:UpdateMode"] = nameof(TelegramUpdateMode.None),
});
builder.Configuration.AddCommandLine(args);
var section = builder.Configuration.GetSection("SnsTelegram");
try
{
    // the library binds leniently; refusing unknown keys here tells the caller whether this build has an option
    section.Get<SnsTelegramOptions>(o => o.ErrorOnUnknownConfiguration = true);
}
catch (InvalidOperationException e)
{
    Console.WriteLine("UNKNOWN-OPTION " + e.Message.ReplaceLineEndings(" "));
    return 3;
}

var output = new LineWriter();
builder.Logging.ClearProviders();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddProvider(new EventLineLoggerProvider(output));
builder.Services.AddSnsTelegram(section)
    .UsePostgreSql(builder.Configuration["Store:ConnectionString"] ?? throw new InvalidOperationException("--Store:ConnectionString is required"), builder.Configuration["Store:Schema"] ?? "sns_telegram");

using var host = builder.Build();
await host.StartAsync();
output.WriteLine("READY");

var outbox = host.Services.GetRequiredService<IOutboxStore>();
var time = host.Services.GetService<TimeProvider>() ?? TimeProvider.System;

// Standard input is read on a thread of its own: a read blocks its thread, and a blocked thread-pool thread would make
// the pool add threads, which is not how an app's pool looks (and would change what the CPU figures measure).
var commands = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var reader = new Thread(() =>
{
    try
    {
        while (Console.In.ReadLine() is { } line)
        {
            HandleAsync(line).GetAwaiter().GetResult();
        }

        commands.SetResult();
    }
    catch (Exception e)
    {
        commands.SetException(e);
    }
})
{
    IsBackground = true,
    Name = "stdin commands",
};
reader.Start();
await commands.Task;

await host.StopAsync();
return 0;

async Task HandleAsync(string line)
{
    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (parts is ["enqueue", var key, var chat, var lane])
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        await outbox.EnqueueAsync(new OutboxMessage
        {
            IdempotencyKey = key,
            UserId = "user-" + chat,
            ChatId = long.Parse(chat, CultureInfo.InvariantCulture),
            NotificationType = lane switch
            {
                "urgent" => NotificationTypes.PostFailure,
                "bulk" => NotificationTypes.DailySummary,
                _ => NotificationTypes.PostSuccess,
            },
            Lane = lane switch
            {
                "urgent" => DeliveryLane.Urgent,
                "bulk" => DeliveryLane.Bulk,
                _ => DeliveryLane.Normal,
            },
            Message = new TelegramMessage(key),
            CreatedAt = now,
            DueAt = now,
        });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ENQUEUED {key} {started}"));
    }
    else if (parts is ["stats"])
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"STATS {ThreadPool.CompletedWorkItemCount} {GC.GetTotalAllocatedBytes()} {GC.CollectionCount(0)} {GC.GetTotalPauseDuration().TotalMilliseconds:0.0} {ThreadPool.ThreadCount}"));
    }
    else
    {
        output.WriteLine("LOG 0 Error unknown command: " + line);
    }
}

/// <summary>Writes whole lines to standard output from any thread.</summary>
internal sealed class LineWriter
{
    private readonly Lock _lock = new();

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}

/// <summary>Prints the dispatch events and every warning or error, one line each.</summary>
internal sealed class EventLineLoggerProvider(LineWriter output) : ILoggerProvider, ILogger
{
    private static readonly HashSet<int> Events = [2000, 2041, 6100, 6101];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Events.Contains(eventId.Id))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EVENT {eventId.Id} {formatter(state, exception)}"));
        }
        else if (logLevel >= LogLevel.Warning)
        {
            var text = (formatter(state, exception) + (exception is null ? string.Empty : " " + exception.GetType().Name + ": " + exception.Message)).ReplaceLineEndings(" ");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LOG {eventId.Id} {logLevel} {text}"));
        }
    }

    public void Dispose()
    {
    }
}
