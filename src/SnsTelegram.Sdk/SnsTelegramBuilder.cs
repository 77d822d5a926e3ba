using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk;

internal sealed class SnsTelegramBuilder(IServiceCollection services) : ISnsTelegramBuilder
{
    public IServiceCollection Services { get; } = services;
}
