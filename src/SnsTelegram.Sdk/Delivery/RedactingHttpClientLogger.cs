using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>Logs Bot API calls without the bot token that Telegram puts in every request path.</summary>
internal sealed class RedactingHttpClientLogger(ILogger logger) : IHttpClientLogger
{
    // The start and the answer of every call are Debug messages: the redaction (a regular expression over the URL) is
    // done only when they are written, not twice for every message sent.
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.BotApiRequestStart(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri));
        }

        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.BotApiRequestStop(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        // the caller gave up (the host stopping ends a long poll this way): routine, not a failure. HttpClient's own
        // timeout is a TaskCanceledException too, but with a TimeoutException inside, and stays a warning.
        if (exception is OperationCanceledException && exception.InnerException is not TimeoutException)
        {
            Log.BotApiRequestCanceled(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri), elapsed.TotalMilliseconds);
            return;
        }

        Log.BotApiRequestFailed(logger, request.Method.Method, TokenRedactor.Redact(request.RequestUri), elapsed.TotalMilliseconds, exception);
    }
}
