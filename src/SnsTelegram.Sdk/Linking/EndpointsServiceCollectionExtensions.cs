using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Linking;

/// <summary>Registers what the endpoints need beyond the linking room (the test message goes through the delivery room's <see cref="ITelegramDirectSender"/>).</summary>
internal static class EndpointsServiceCollectionExtensions
{
    public static IServiceCollection AddSnsTelegramEndpoints(this IServiceCollection services)
    {
        services.TryAddSingleton<ITelegramUserIdAccessor, ClaimsTelegramUserIdAccessor>();
        return services;
    }
}
