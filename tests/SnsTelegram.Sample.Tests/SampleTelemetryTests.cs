using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sdk;

namespace SnsTelegram.Sample.Tests;

/// <summary>The web sample's OTLP export, received by a small OTLP/HTTP collector on 127.0.0.1.</summary>
public sealed class SampleTelemetryTests
{
    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_the_sample_exports_its_spans_and_metrics_over_OTLP()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using var factory = new SettingsFactory(new()
        {
            [SampleTelemetry.EndpointSetting] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using var client = factory.CreateClient();
        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var notifier = factory.Services.GetRequiredService<ISnsTelegramNotifier>();
        (await notifier.NotifyAsync(new PostPublished("otlp-user", SnsPlatform.Instagram, "Launch day!", "https://example.com/p/1"))).Status
            .ShouldBe(NotifyStatus.NotLinked);

        factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000).ShouldBeTrue();

        // OTLP/protobuf keeps names as UTF-8 strings: the scope, the span names and the service are readable in the body
        await Eventually.WaitUntilAsync(() => collector.Received("/v1/traces", "create post_success"), "the enqueue span reached the collector", TimeSpan.FromSeconds(30));
        collector.Received("/v1/traces", SnsTelegramDiagnostics.Name).ShouldBeTrue();
        collector.Received("/v1/traces", SampleTelemetry.ServiceName).ShouldBeTrue();
        collector.Received("/v1/traces", "Microsoft.AspNetCore").ShouldBeTrue("the app's own requests are traced too");
        collector.Received("/v1/traces", SampleAppFactory.FakeBotToken).ShouldBeFalse();
        await Eventually.WaitUntilAsync(() => collector.Received("/v1/metrics", "snstelegram."), "the library's metrics reached the collector", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Without_it_nothing_is_registered()
    {
        using var factory = new SettingsFactory(new() { [SampleTelemetry.EndpointSetting] = "" });
        factory.Services.GetService<TracerProvider>().ShouldBeNull();
        factory.Services.GetService<MeterProvider>().ShouldBeNull();
    }

    private sealed class SettingsFactory(Dictionary<string, string?> extra) : SampleAppFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                foreach (var (key, value) in extra)
                {
                    settings[key] = value;
                }

                return settings;
            }
        }
    }

    /// <summary>Accepts OTLP/HTTP exports on 127.0.0.1 and keeps each body by path.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _bodies;

        private OtlpCollector(WebApplication app, ConcurrentQueue<(string Path, byte[] Body)> bodies, string endpoint)
        {
            _app = app;
            _bodies = bodies;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public static async Task<OtlpCollector> StartAsync()
        {
            var bodies = new ConcurrentQueue<(string Path, byte[] Body)>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                bodies.Enqueue((context.Request.Path.Value!, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new OtlpCollector(app, bodies, address);
        }

        public bool Received(string path, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return _bodies.Any(b => b.Path == path && b.Body.AsSpan().IndexOf(bytes) >= 0);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
