using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Storage;

/// <summary>
/// Registers the <see cref="ChatIdProtection"/> the database providers wrap their data keys with: the configured
/// <see cref="SnsTelegramOptions.StorageEncryptionKey"/> when set, otherwise the app's Data Protection key ring.
/// </summary>
internal static class ChatIdProtectionServiceCollectionExtensions
{
    public static IServiceCollection AddChatIdProtection(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.TryAddSingleton(static sp =>
            sp.GetRequiredService<IOptions<SnsTelegramOptions>>().Value.StorageEncryptionKey is { Length: > 0 } key
                ? ChatIdProtection.FromKey(Convert.FromBase64String(key))
                : ChatIdProtection.FromDataProtection(sp.GetRequiredService<IDataProtectionProvider>()));
        return services;
    }
}
