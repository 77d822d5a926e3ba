using System.Net;
using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>Validates <see cref="EventsOptions"/>; every failure names the setting and never shows a secret.</summary>
internal sealed class EventsOptionsValidator : IValidateOptions<SnsTelegramOptions>
{
    private const string Prefix = "SnsTelegram:Events:Webhook:";

    public ValidateOptionsResult Validate(string? name, SnsTelegramOptions options)
    {
        var w = options.Events?.Webhook;
        if (w is null)
        {
            return ValidateOptionsResult.Fail("SnsTelegram:Events and SnsTelegram:Events:Webhook must not be null.");
        }

        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(w.Url))
        {
            Url(errors, w.Url);
            if (w.Secrets.Count is < 1 or > 2)
            {
                errors.Add($"{Prefix}Secrets must hold one secret, or two during a rotation (found {w.Secrets.Count}); a secret is 'whsec_' followed by base64 of 24 to 64 random bytes.");
            }
        }

        for (var i = 0; i < w.Secrets.Count; i++)
        {
            if (WebhookSignature.KeyOf(w.Secrets[i]) is null)
            {
                errors.Add($"{Prefix}Secrets:{i} is not a signing secret: it must be 'whsec_' followed by base64 of 24 to 64 random bytes.");
            }
        }

        if (w.MaxAttempts is < 1 or > 50)
        {
            errors.Add($"{Prefix}MaxAttempts must be between 1 and 50.");
        }

        Range(errors, "RetryBaseDelay", w.RetryBaseDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Range(errors, "RetryMaxDelay", w.RetryMaxDelay, w.RetryBaseDelay, TimeSpan.FromDays(1), "RetryBaseDelay");
        Range(errors, "Timeout", w.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Range(errors, "PollInterval", w.PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        if (w.LeaseDuration <= w.Timeout || w.LeaseDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{Prefix}LeaseDuration must be longer than {Prefix}Timeout ({w.Timeout}) and at most 01:00:00.");
        }

        if (w.MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"{Prefix}MaxConcurrency must be between 1 and 64.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Url(List<string> errors, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{Prefix}Url must be an absolute https address, for example https://app.example.com/hooks/telegram.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{Prefix}Url must not carry a user name or password; the requests are signed instead.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        if (uri.Scheme == Uri.UriSchemeHttp && !loopback)
        {
            errors.Add($"{Prefix}Url must use https (http is allowed only to a loopback address such as 127.0.0.1, for tests).");
        }
    }

    private static void Range(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max, string? minName = null)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{setting} must be between {(minName is null ? min.ToString() : $"{Prefix}{minName} ({min})")} and {max}.");
        }
    }
}
