using System.Diagnostics.CodeAnalysis;
#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, so no using is needed
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Reporting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connects the host's post data to the daily report.</summary>
public static class SnsTelegramPostActivityBuilderExtensions
{
    /// <summary>
    /// Registers the host's <see cref="IPostActivitySource"/> (scoped: it is resolved once per run of the daily report, so it
    /// may use a scoped database context). Without one the daily report job <c>telegram_daily_summary</c> stays off.
    /// It replaces a source registered before.
    /// </summary>
    /// <typeparam name="TSource">The host's activity source.</typeparam>
    /// <param name="builder">The builder returned by <c>AddSnsTelegram</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISnsTelegramBuilder AddPostActivitySource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this ISnsTelegramBuilder builder)
        where TSource : class, IPostActivitySource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IPostActivitySource>();
        builder.Services.AddScoped<IPostActivitySource, TSource>();
        return builder;
    }
}
