using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SnsTelegram.Sample.Web.Hosting;

/// <summary>
/// Exports traces and metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or configuration;
/// the exporter also reads the other <c>OTEL_*</c> settings, such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>). Without it,
/// nothing is registered and nothing listens.
/// </summary>
public static class SampleTelemetry
{
    /// <summary>The setting that turns the export on.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name the sample reports, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "snstelegram-sample-web";

    public static WebApplicationBuilder AddSampleTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        // <telemetry>
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t
                .AddSnsTelegramInstrumentation()                  // first: it masks bot tokens before the exporter sees a span
                .AddSource("Microsoft.AspNetCore", "System.Net.Http") // the app's requests and the Bot API calls, in the same traces
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddSnsTelegramInstrumentation()
                .AddOtlpExporter());
        // </telemetry>
        return builder;
    }
}
