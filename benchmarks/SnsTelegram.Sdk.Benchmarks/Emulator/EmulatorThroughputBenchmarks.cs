using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using SnsTelegram.Sdk.Testing;
using Telegram.Bot;

namespace SnsTelegram.Sdk.Benchmarks.Emulator;

/// <summary>How many <c>sendMessage</c> calls per second the emulator answers on loopback with rate limits off:
/// each invocation sends <see cref="Messages"/> messages from <see cref="Concurrency"/> concurrent HTTP/1.1
/// connections (one Op = one message, so messages/s = 1 s / mean).</summary>
[MemoryDiagnoser]
public class EmulatorThroughputBenchmarks
{
    private const int Messages = 4000;
    private TelegramEmulator _telegram = null!;
    private HttpClient _http = null!;
    private TelegramBotClient _bot = null!;
    private string _url = null!;
    private byte[][] _bodies = null!;
    private long[] _chats = null!;
    private TimeSpan _cpuAtStart;
    private long _sentAtStart;

    [Params(8, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _telegram = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions { RateLimits = TelegramEmulatorRateLimits.Disabled });
        _chats = Enumerable.Range(0, 256).Select(_ => _telegram.CreateUser().Id).ToArray();
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1024 });
        _bot = new TelegramBotClient(new TelegramBotClientOptions(_telegram.BotToken, _telegram.BaseUrl), _http);
        _url = $"{_telegram.BaseUrl}/bot{_telegram.BotToken}/sendMessage";
        _bodies = [.. _chats.Select(chat => Encoding.UTF8.GetBytes(
            $$"""{"chat_id":{{chat}},"text":"✅ <b>Published</b> on <i>Instagram</i>: <a href=\"https://example.com/p/1\">open</a>","parse_mode":"HTML"}"""))];
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _sentAtStart = _telegram.Counters.MessagesSent;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        // CPU time of the whole process (client, emulator and harness) per message: with N free cores the emulator
        // and its client together can answer about N / cpuPerMessage messages per second, whatever the machine's load
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var sent = _telegram.Counters.MessagesSent - _sentAtStart;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// emulator: {sent} messages, {cpu.TotalMilliseconds * 1000 / Math.Max(1, sent):F1} us of CPU per message (client + server)"));
        _http.Dispose();
        await _telegram.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "sendMessage, raw HttpClient")]
    public Task RawHttp() => RunAsync(async i =>
    {
        using var content = new ByteArrayContent(_bodies[i % _bodies.Length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(_url, content);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
    });

    [Benchmark(OperationsPerInvoke = Messages, Description = "sendMessage, TelegramBotClient")]
    public Task TelegramBot() => RunAsync(i => _bot.SendMessage(_chats[i % _chats.Length], "✅ <b>Published</b> on <i>Instagram</i>", Telegram.Bot.Types.Enums.ParseMode.Html));

    private Task RunAsync(Func<int, Task> send)
    {
        var next = -1;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Messages)
                {
                    await send(i);
                }
            });
        }

        return Task.WhenAll(workers);
    }
}
