using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SnsTelegram.Sdk;

/// <summary>Registers what the endpoints need beyond the linking room.</summary>
internal static class EndpointsServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramEndpoints(this IServiceCollection services)
    {
        services.TryAddSingleton<ITelegramUserIdAccessor, ClaimsTelegramUserIdAccessor>();
        services.TryAddSingleton<TestMessageSender>();
        return services;
    }
}
