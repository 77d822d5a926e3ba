using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>
/// Posts the queued events to the app's webhook (<c>SnsTelegram:Events:Webhook</c>). Every instance runs a pump; each
/// leases due events from <see cref="IEventDeliveryStore"/> (so an event is posted by one instance at a time), posts them
/// signed (<see cref="WebhookSignature"/>), and records the answer: 2xx delivered; anything else, a timeout or a network
/// error counts an attempt and the event is due again after <c>RetryBaseDelay × 2^(attempt−1)</c> (at most
/// <c>RetryMaxDelay</c>, less a random part of up to half), until <c>MaxAttempts</c>, when it is dead-lettered. An
/// instance that dies while posting leaves its leases to run out; another instance then posts those events again (at
/// least once: receivers deduplicate by <c>webhook-id</c>).
/// </summary>
internal sealed class EventPump(
    IEventDeliveryStore store,
    EventSignal signal,
    IHttpClientFactory httpClients,
    IOptions<SnsTelegramOptions> options,
    TimeProvider time,
    ILogger<EventPump> logger) : BackgroundService
{
    public const string HttpClientName = "SnsTelegram.Events";

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    private readonly EventWebhookOptions _options = options.Value.Events.Webhook;
    private readonly TimeSpan _retention = options.Value.Delivery.Retention;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Url))
        {
            return;
        }

        var url = new Uri(_options.Url);
        var keys = _options.Secrets.Select(s => WebhookSignature.KeyOf(s)!).ToArray();
        Log.PumpStarted(logger, url.Host, keys.Length);
        var nextPurge = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now >= nextPurge)
                {
                    nextPurge = now + PurgeEvery;
                    var before = now - _retention;
                    var purged = await store.PurgeAsync(before, stoppingToken).ConfigureAwait(false);
                    if (purged > 0)
                    {
                        Log.Purged(logger, purged, before);
                    }
                }

                var leased = await store.LeaseAsync(now, now + _options.LeaseDuration, _options.MaxConcurrency, stoppingToken).ConfigureAwait(false);
                if (leased.Count == 0)
                {
                    await signal.WaitAsync(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await Task.WhenAll(leased.Select(lease => PostAsync(url, keys, lease, stoppingToken))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.PumpLoopFailed(logger, e);
                await Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The wait after the <paramref name="attempt"/>-th failure: <c>base × 2^(attempt-1)</c>, at most
    /// <paramref name="maxDelay"/>, of which a random half is taken off.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var full = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(full * (0.5 + (0.5 * random)));
    }

    private async Task PostAsync(Uri url, byte[][] keys, EventDeliveryLease lease, CancellationToken stoppingToken)
    {
        var delivery = lease.Delivery;
        var error = await SendAsync(url, keys, delivery, stoppingToken).ConfigureAwait(false);
        var attempt = delivery.Attempts + 1;
        var now = time.GetUtcNow();
        bool applied;
        string outcome;
        if (error is null)
        {
            outcome = "delivered";
            applied = await store.MarkDeliveredAsync(delivery.EventId, lease.LeaseId, now, CancellationToken.None).ConfigureAwait(false);
            if (applied)
            {
                Log.Delivered(logger, delivery.EventId, delivery.EventType, attempt);
            }
        }
        else if (attempt >= _options.MaxAttempts)
        {
            outcome = "dead-lettered";
            applied = await store.DeadLetterAsync(delivery.EventId, lease.LeaseId, error, now, CancellationToken.None).ConfigureAwait(false);
            if (applied)
            {
                Log.DeadLettered(logger, delivery.EventId, delivery.EventType, attempt, error);
            }
        }
        else
        {
            outcome = "for retry";
            var dueAt = now + RetryDelay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
            applied = await store.RescheduleAsync(delivery.EventId, lease.LeaseId, dueAt, error, CancellationToken.None).ConfigureAwait(false);
            if (applied)
            {
                Log.WillRetry(logger, delivery.EventId, delivery.EventType, attempt, _options.MaxAttempts, error, dueAt);
            }
        }

        if (!applied)
        {
            Log.LeaseLost(logger, delivery.EventId, outcome);
        }
    }

    /// <summary>Posts one event; null when the webhook took it (2xx), else what went wrong (never the URL or a secret).</summary>
    private async Task<string?> SendAsync(Uri url, byte[][] keys, EventDelivery delivery, CancellationToken stoppingToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.EventId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(keys, delivery.EventId, timestamp, delivery.Body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "no answer within " + _options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError == HttpRequestError.Unknown ? "request failed" : "request failed: " + e.HttpRequestError;
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
