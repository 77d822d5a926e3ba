using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SnsTelegram.Sdk.Relational;

/// <summary>Registers a provider's database: one singleton, replacing an earlier one, and its schema initializer once.</summary>
internal static class RelationalServiceCollectionExtensions
{
    public static IServiceCollection AddRelationalDatabase<TDatabase, TInitializer>(this IServiceCollection services, Func<IServiceProvider, TDatabase> database)
        where TDatabase : RelationalDatabase
        where TInitializer : RelationalSchemaInitializer<TDatabase>
    {
        services.RemoveAll<TDatabase>();
        services.AddSingleton(database);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TInitializer>());
        return services;
    }
}
