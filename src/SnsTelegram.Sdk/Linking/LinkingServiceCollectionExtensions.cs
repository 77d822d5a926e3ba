using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SnsTelegram.Sdk.Linking;

/// <summary>Registers the linking room.</summary>
internal static class LinkingServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramLinking(this IServiceCollection services)
    {
        services.TryAddSingleton<LinkingMetrics>();
        services.TryAddSingleton<LinkTokenService>();
        services.TryAddSingleton<AccountLinker>();
        services.TryAddSingleton<UserLimiter>();
        services.TryAddSingleton<SettingsUpdater>();

        // The HTTP side of linking (user id accessor, the direct test-message sender) is registered with it.
        services.AddSnsTelegramEndpoints();
        return services;
    }
}
