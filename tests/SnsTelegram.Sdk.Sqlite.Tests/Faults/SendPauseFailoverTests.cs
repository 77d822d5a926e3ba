using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.Sqlite.Tests.Faults;

/// <summary>
/// Telegram answers 429 with <c>retry_after</c> to the instance that sends, which then stops: the instance on the same
/// SQLite file that takes over sending waits out the rest of the pause (stored in the file), instead of sending after
/// the one-second takeover pause and earning Telegram's longer waits.
/// </summary>
public sealed class SendPauseFailoverTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_instance_that_takes_over_sends_nothing_before_the_429_pause_of_the_previous_sender_ends()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await SendPauseFailover.NextSenderWaitsOutThePauseAsync(emulator, () =>
        {
            var services = new ServiceCollection();
            services.AddFakeLogging();
            LiveDelivery.AddDelivery(services, emulator).UseSqlite(_file.ConnectionString);
            return services.BuildServiceProvider();
        });
    }
}
