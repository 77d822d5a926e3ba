using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SnsTelegram.Sdk.Formatting;

/// <summary>Registers the message formatter.</summary>
internal static class FormattingServiceCollectionExtensions
{
    /// <summary>Adds the default <see cref="ITelegramMessageFormatter"/> unless one is registered already.</summary>
    public static IServiceCollection AddSnsTelegramFormatting(this IServiceCollection services)
    {
        services.TryAddSingleton<ITelegramMessageFormatter, TelegramMessageFormatter>();
        return services;
    }
}
