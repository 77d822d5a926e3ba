using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.PostgreSql.Tests.Faults;

/// <summary>
/// Telegram answers 429 with <c>retry_after</c> to the instance that holds the dispatch lock, which then stops: the
/// instance that takes the lock over waits out the rest of the pause (stored in the schema) before it sends anything.
/// </summary>
public sealed class PostgreSqlSendPauseFailoverTests : IDisposable
{
    private readonly PostgreSqlTestSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task The_instance_that_takes_over_sends_nothing_before_the_429_pause_of_the_previous_sender_ends()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await SendPauseFailover.NextSenderWaitsOutThePauseAsync(emulator, () =>
        {
            var services = new ServiceCollection();
            services.AddFakeLogging();
            LiveDelivery.AddDelivery(services, emulator).UsePostgreSql(_schema.ConnectionString, _schema.Name);
            return services.BuildServiceProvider();
        });
    }
}
