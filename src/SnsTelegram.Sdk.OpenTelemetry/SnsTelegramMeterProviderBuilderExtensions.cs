#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, as OpenTelemetry's own instrumentation packages do
using SnsTelegram.Sdk;

namespace OpenTelemetry.Metrics;

/// <summary>Adds SnsTelegram's metrics to an OpenTelemetry meter provider.</summary>
public static class SnsTelegramMeterProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the <c>SnsTelegram</c> meter: deliveries, retries, dead letters, the outbox depth, link tokens, updates,
    /// jobs and storage (docs/observability.md lists every instrument).
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder.</returns>
    public static MeterProviderBuilder AddSnsTelegramInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(SnsTelegramDiagnostics.Name);
    }
}
