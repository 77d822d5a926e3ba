using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SnsTelegram.Sdk.Bot;

/// <summary>Registers the updates room: the router, the webhook processor, long polling and the start-up setup.</summary>
internal static class UpdatesServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramUpdates(this IServiceCollection services)
    {
        services.TryAddSingleton<UpdateMetrics>();
        services.TryAddSingleton<PreferenceCentre>();
        services.TryAddSingleton<BotConversation>();
        services.TryAddSingleton<UpdateRouter>();
        services.TryAddSingleton<UpdateIntake>();
        services.TryAddSingleton<WebhookProcessor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BotSetupService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PollingReceiver>());
        RawUpdatesJsonContext.AddToBotApiOptions(); // the poller's raw getUpdates answer, under trimming and NativeAOT
        return services;
    }
}
