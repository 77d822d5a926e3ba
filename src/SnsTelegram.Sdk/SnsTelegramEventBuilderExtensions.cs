using System.Diagnostics.CodeAnalysis;
#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Operations.Events;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Subscribes the app to delivery events in code.</summary>
public static class SnsTelegramEventBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="ISnsTelegramEventHandler"/>: it is called with every event of this process, after the
    /// change is stored and outside any transaction; what it throws is logged and affects no delivery. Registering the
    /// same handler twice registers it once.
    /// </summary>
    /// <typeparam name="THandler">The handler; registered as scoped unless registered before.</typeparam>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISnsTelegramBuilder AddEventHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this ISnsTelegramBuilder builder)
        where THandler : class, ISnsTelegramEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(EventHandlerRegistration) && d.ImplementationInstance is EventHandlerRegistration r && r.HandlerType == typeof(THandler)))
        {
            builder.Services.AddSingleton(new EventHandlerRegistration(typeof(THandler)));
        }

        builder.Services.TryAddScoped<THandler>();
        return builder;
    }
}
