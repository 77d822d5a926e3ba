namespace SnsTelegram.Sdk;

/// <summary>The names under which the library publishes telemetry.</summary>
public static class SnsTelegramDiagnostics
{
    /// <summary>
    /// The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/> and of its
    /// <see cref="System.Diagnostics.ActivitySource"/> (docs/observability.md lists every instrument and span).
    /// </summary>
    public const string Name = "SnsTelegram";
}
