using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// Registers delivery events: the publisher, the webhook's pump and its HTTP client. Registered before delivery, so
/// that at a stop the publisher stops after the dispatcher and handles every event the dispatcher raised.
/// </summary>
internal static class EventsServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramEvents(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnsTelegramOptions>, EventsOptionsValidator>());
        services.TryAddSingleton<EventSignal>();
        services.TryAddSingleton<EventPublisher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventPublisher>(static sp => sp.GetRequiredService<EventPublisher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventPump>());

        // no request logging: a receiver's URL may carry a token of its own
        services.AddHttpClient(EventPump.HttpClientName).RemoveAllLoggers();
        return services;
    }
}
