#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Bot;
using SnsTelegram.Sdk.Delivery;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Operations.Events;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;
using SnsTelegram.Sdk.Storage.InMemory;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SnsTelegram.Sdk.</summary>
public static class SnsTelegramServiceCollectionExtensions
{
    /// <summary>Registers the library with options from code or defaults (validated at start).</summary>
    public static ISnsTelegramBuilder AddSnsTelegram(this IServiceCollection services) => services.AddSnsTelegram(static _ => { });

    /// <summary>Registers the library and configures its options (validated at start).</summary>
    public static ISnsTelegramBuilder AddSnsTelegram(this IServiceCollection services, Action<SnsTelegramOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SnsTelegramOptions>().Configure(configure);
        return services.AddSnsTelegramCore();
    }

    /// <summary>Registers the library with options bound from a configuration section, for example <c>SnsTelegram</c> (validated at start).</summary>
    public static ISnsTelegramBuilder AddSnsTelegram(this IServiceCollection services, IConfigurationSection configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SnsTelegramOptions>().Bind(configuration);
        services.AddSingleton<IValidateOptions<SnsTelegramOptions>>(new UnknownSettingsValidator(configuration, configuration.Path));
        return services.AddSnsTelegramCore();
    }

    private static SnsTelegramBuilder AddSnsTelegramCore(this IServiceCollection services)
    {
        var builder = new SnsTelegramBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(SnsTelegramMarker)))
        {
            return builder;
        }

        services.AddSingleton<SnsTelegramMarker>();
        services.AddOptions<SnsTelegramOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnsTelegramOptions>, SnsTelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.AddTelegramBotClient();
        services.AddSnsTelegramInMemoryStores();
        services.AddChatIdProtection();
        services.AddSnsTelegramFormatting();
        services.AddSnsTelegramScheduling();
        services.AddSnsTelegramEvents();
        services.AddSnsTelegramDelivery();
        services.AddSnsTelegramLinking();
        services.AddSnsTelegramUpdates();
        return builder;
    }
}
