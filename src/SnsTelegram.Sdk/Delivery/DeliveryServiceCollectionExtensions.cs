using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>Registers the notifier, the send pipeline, the direct sender, the rate limiter and the outbox dispatcher.</summary>
internal static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramDelivery(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnsTelegramOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton<DispatchSignal>();
        services.TryAddSingleton<BotReplySender>();
        services.TryAddSingleton<DeliveryOutcomes>();
        services.TryAddSingleton<PendingOutcomes>();
        services.TryAddSingleton<DeliveryPauseSwitch>();
        services.TryAddSingleton<NotificationActivity>();
        services.TryAddSingleton<PendingEdits>();
        services.TryAddSingleton<DeliveryRateLimiter>();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<ITelegramGateway, TelegramGateway>();
        services.TryAddSingleton<ChatMigration>();
        services.TryAddSingleton<NotificationRenderer>();
        services.TryAddSingleton<BotTokenState>();
        services.TryAddSingleton<TelegramAvailability>();
        services.TryAddSingleton<SendPipeline>();
        services.TryAddSingleton<ForumTopicRouter>();
        services.TryAddSingleton<ISnsTelegramNotifier, SnsTelegramNotifier>();
        services.TryAddSingleton<ITelegramDirectSender, TelegramDirectSender>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcher>(static sp => sp.GetRequiredService<OutboxDispatcher>()));
        services.TryAddSingleton<DigestCloser>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DigestCloser>(static sp => sp.GetRequiredService<DigestCloser>()));
        services.TryAddSingleton<ISnsTelegramDigests>(static sp => sp.GetRequiredService<DigestCloser>());
        return services;
    }
}
