using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk;

/// <summary>Configures SnsTelegram.Sdk after <c>AddSnsTelegram</c>: storage, activity source, jobs.</summary>
public interface ISnsTelegramBuilder
{
    /// <summary>The service collection the library is registered in.</summary>
    IServiceCollection Services { get; }
}
