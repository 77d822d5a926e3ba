using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk;

/// <summary>Validates the core settings; every failure names the setting and what is allowed.</summary>
internal sealed partial class SnsTelegramOptionsValidator : IValidateOptions<SnsTelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, SnsTelegramOptions options)
    {
        var errors = new List<string>();
        if (!BotTokenFormat.IsValid(options.BotToken))
        {
            errors.Add("SnsTelegram:BotToken must be the token BotFather gave, '<digits>:<secret>' (the secret is 30 to 64 characters of A-Za-z0-9_-).");
        }

        if (string.IsNullOrWhiteSpace(options.BotUsername) || !UsernameRegex().IsMatch(options.BotUsername.TrimStart('@')))
        {
            errors.Add("SnsTelegram:BotUsername must be the bot's username (5 to 32 characters of A-Za-z0-9_, without '@').");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("SnsTelegram:ApiBaseUrl must be an absolute http(s) address, such as https://api.telegram.org.");
        }

        if (options.WebhookSecret is not null && !WebhookSecretRegex().IsMatch(options.WebhookSecret))
        {
            errors.Add("SnsTelegram:WebhookSecret must have 1 to 256 characters of A-Za-z0-9_-.");
        }

        if (options.UpdateMode == TelegramUpdateMode.Webhook && string.IsNullOrEmpty(options.WebhookSecret))
        {
            errors.Add("SnsTelegram:WebhookSecret is required when SnsTelegram:UpdateMode is Webhook (1 to 256 characters of A-Za-z0-9_-); or set UpdateMode to Polling or None.");
        }

        if (!string.IsNullOrEmpty(options.WebhookUrl))
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook))
            {
                errors.Add("SnsTelegram:WebhookUrl must be an absolute https address.");
            }
            else if (hook.Scheme != Uri.UriSchemeHttps && !(options.AllowInsecureLoopbackWebhook && hook.Scheme == Uri.UriSchemeHttp && hook.IsLoopback))
            {
                errors.Add("SnsTelegram:WebhookUrl must use https (Telegram refuses http); http is allowed only for a loopback address with AllowInsecureLoopbackWebhook.");
            }
        }

        if (options.StorageEncryptionKey is { Length: > 0 } storageKey && !IsStorageKey(storageKey))
        {
            errors.Add("SnsTelegram:StorageEncryptionKey must be 32 random bytes in base64 (44 characters, such as the output of 'openssl rand -base64 32'); or leave it unset to wrap keys with ASP.NET Core Data Protection.");
        }

        if (!Enum.IsDefined(options.ForumTopics))
        {
            errors.Add("SnsTelegram:ForumTopics must be NotificationType or Platform.");
        }

        if (!Enum.IsDefined(options.UpdateMode))
        {
            errors.Add("SnsTelegram:UpdateMode must be Webhook, Polling or None.");
        }

        if (!SnsLanguages.IsSupported(options.DefaultLanguage))
        {
            errors.Add($"SnsTelegram:DefaultLanguage must be one of: {string.Join(", ", SnsLanguages.Supported)}.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone ?? string.Empty, out _))
        {
            errors.Add("SnsTelegram:DefaultTimeZone must be a known IANA time zone id, such as UTC, Asia/Seoul or Europe/Berlin.");
        }

        CheckLifetime(errors, "LinkTokenLifetime", options.LinkTokenLifetime);
        CheckLifetime(errors, "LinkCodeLifetime", options.LinkCodeLifetime);
        if (options.LinkTokenIssueLimit < 1)
        {
            errors.Add("SnsTelegram:LinkTokenIssueLimit must be at least 1.");
        }

        if (options.LinkTokenIssueWindow <= TimeSpan.Zero)
        {
            errors.Add("SnsTelegram:LinkTokenIssueWindow must be positive.");
        }

        if (options.Limits is null)
        {
            errors.Add("SnsTelegram:Limits must not be null.");
        }
        else
        {
            CheckUserLimit(errors, "Limits:TestMessage", options.Limits.TestMessage);
            CheckUserLimit(errors, "Limits:Settings", options.Limits.Settings);
        }

        if (options.Digest is null)
        {
            errors.Add("SnsTelegram:Digest must not be null.");
        }
        else
        {
            if (options.Digest.PollInterval < TimeSpan.FromMilliseconds(100) || options.Digest.PollInterval > TimeSpan.FromMinutes(5))
            {
                errors.Add("SnsTelegram:Digest:PollInterval must be between 00:00:00.1 and 00:05:00.");
            }

            if (options.Digest.MaxListedPosts is < 1 or > 50)
            {
                errors.Add("SnsTelegram:Digest:MaxListedPosts must be between 1 and 50.");
            }

            if (options.Digest.Retention < TimeSpan.FromHours(1))
            {
                errors.Add("SnsTelegram:Digest:Retention must be at least 01:00:00.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUserLimit(List<string> errors, string setting, UserLimitOptions? limit)
    {
        if (limit is null)
        {
            errors.Add($"SnsTelegram:{setting} must not be null.");
            return;
        }

        if (limit.PermitLimit is < 1 or > 10_000)
        {
            errors.Add($"SnsTelegram:{setting}:PermitLimit must be between 1 and 10000.");
        }

        if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1))
        {
            errors.Add($"SnsTelegram:{setting}:Window must be between 00:00:01 and 1.00:00:00.");
        }
    }

    private static void CheckLifetime(List<string> errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.FromMinutes(1) || value > TimeSpan.FromDays(1))
        {
            errors.Add($"SnsTelegram:{setting} must be between 00:01:00 and 1.00:00:00.");
        }
    }

    /// <summary>Whether <paramref name="value"/> is 32 bytes in base64.</summary>
    internal static bool IsStorageKey(string value)
    {
        Span<byte> key = stackalloc byte[ChatIdKeys.KeyLength + 3];
        return Convert.TryFromBase64String(value, key, out var written) && written == ChatIdKeys.KeyLength;
    }

    [GeneratedRegex("^[A-Za-z0-9_]{5,32}$")]
    private static partial Regex UsernameRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex WebhookSecretRegex();
}
