using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>Registers a provider's database: one singleton, replacing an earlier one, its schema initializer once, and the rotation of its chat-id key.</summary>
internal static class RelationalServiceCollectionExtensions
{
    public static IServiceCollection AddRelationalDatabase<TDatabase, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TInitializer>(this IServiceCollection services, Func<IServiceProvider, TDatabase> database)
        where TDatabase : RelationalDatabase
        where TInitializer : RelationalSchemaInitializer<TDatabase>
    {
        services.RemoveAll<TDatabase>();
        services.AddSingleton(database);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TInitializer>());
        services.RemoveAll<IChatIdKeyRotation>();
        services.AddSingleton<IChatIdKeyRotation>(static sp => new RelationalChatIdKeyRotation(sp.GetRequiredService<TDatabase>()));
        return services;
    }
}
