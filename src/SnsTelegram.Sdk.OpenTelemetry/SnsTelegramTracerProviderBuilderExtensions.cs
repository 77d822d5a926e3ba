#pragma warning disable IDE0130 // extension methods live in the namespace of the type they extend, as OpenTelemetry's own instrumentation packages do
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.OpenTelemetry;

namespace OpenTelemetry.Trace;

/// <summary>Adds SnsTelegram's spans to an OpenTelemetry tracer provider.</summary>
public static class SnsTelegramTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the <c>SnsTelegram</c> activity source (a producer span per enqueue, a client span per send attempt in
    /// the enqueuing trace, a consumer span per bot update, a span per job run) and adds a
    /// <see cref="BotTokenRedactingProcessor"/>, which masks bot tokens in every span of the provider (the Bot API's
    /// HTTP requests carry the token in their path). Call it before adding exporters.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddOpenTelemetry()
    ///     .WithTracing(t => t.AddSnsTelegramInstrumentation().AddOtlpExporter())
    ///     .WithMetrics(m => m.AddSnsTelegramInstrumentation().AddOtlpExporter());
    /// </code>
    /// </example>
    public static TracerProviderBuilder AddSnsTelegramInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddSource(SnsTelegramDiagnostics.Name)
            .AddProcessor(new BotTokenRedactingProcessor());
    }
}
