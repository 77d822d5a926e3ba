using Microsoft.Extensions.Options;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>Validates <see cref="DeliveryOptions"/>; every failure names the setting.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<SnsTelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, SnsTelegramOptions options)
    {
        var d = options.Delivery;
        if (d is null)
        {
            return ValidateOptionsResult.Fail("SnsTelegram:Delivery must not be null.");
        }

        var errors = new List<string>();
        Rate(errors, "GlobalMessagesPerSecond", d.GlobalMessagesPerSecond);
        Rate(errors, "PrivateChatMessagesPerSecond", d.PrivateChatMessagesPerSecond);
        Rate(errors, "GroupMessagesPerMinute", d.GroupMessagesPerMinute);
        if (d.PrivateChatBurst is < 1 or > 1000)
        {
            errors.Add("SnsTelegram:Delivery:PrivateChatBurst must be between 1 and 1000.");
        }

        if (d.MaxConcurrency is < 1 or > 1024)
        {
            errors.Add("SnsTelegram:Delivery:MaxConcurrency must be between 1 and 1024.");
        }

        if (d.MaxAttempts is < 1 or > 1000)
        {
            errors.Add("SnsTelegram:Delivery:MaxAttempts must be between 1 and 1000.");
        }

        if (d.LeaseBatchSize is < 0 or > 10_000)
        {
            errors.Add("SnsTelegram:Delivery:LeaseBatchSize must be between 0 (2 x MaxConcurrency) and 10000.");
        }

        Positive(errors, "RetryBaseDelay", d.RetryBaseDelay);
        Positive(errors, "RetryMaxDelay", d.RetryMaxDelay);
        if (d.RetryMaxDelay < d.RetryBaseDelay)
        {
            errors.Add("SnsTelegram:Delivery:RetryMaxDelay must not be shorter than RetryBaseDelay.");
        }

        if (d.LeaseDuration < TimeSpan.FromSeconds(5))
        {
            errors.Add("SnsTelegram:Delivery:LeaseDuration must be at least 00:00:05.");
        }
        else if (d.LeaseDuration <= d.RequestTimeout)
        {
            errors.Add("SnsTelegram:Delivery:LeaseDuration must be longer than RequestTimeout (a lease must outlive a send).");
        }

        Positive(errors, "PollInterval", d.PollInterval);
        Positive(errors, "StoreTimeout", d.StoreTimeout);
        if (d.OutageProbeInterval < TimeSpan.FromMilliseconds(100) || d.OutageProbeInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("SnsTelegram:Delivery:OutageProbeInterval must be between 00:00:00.1 and 00:01:00.");
        }

        Positive(errors, "RequestTimeout", d.RequestTimeout);
        Positive(errors, "Retention", d.Retention);
        PaidBroadcast(errors, d);
        if (d.RateLimitSafetyMargin < TimeSpan.Zero || d.RateLimitSafetyMargin > TimeSpan.FromSeconds(1))
        {
            errors.Add("SnsTelegram:Delivery:RateLimitSafetyMargin must be between 00:00:00 and 00:00:01.");
        }

        foreach (var (type, lane) in d.Lanes ?? new Dictionary<string, DeliveryLane>())
        {
            if (!NotificationTypes.All.Contains(type, StringComparer.Ordinal))
            {
                errors.Add($"SnsTelegram:Delivery:Lanes:{type} names no notification type; use one of {string.Join(", ", NotificationTypes.All)}.");
            }
            else if (!Enum.IsDefined(lane))
            {
                errors.Add($"SnsTelegram:Delivery:Lanes:{type} must be Urgent, Normal or Bulk.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Rate(List<string> errors, string setting, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
        {
            errors.Add($"SnsTelegram:Delivery:{setting} must be 0 (no limit) or a positive number.");
        }
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"SnsTelegram:Delivery:{setting} must be positive.");
        }
    }

    private static void PaidBroadcast(List<string> errors, DeliveryOptions d)
    {
        var paid = d.PaidBroadcast;
        if (paid is null)
        {
            errors.Add("SnsTelegram:Delivery:PaidBroadcast must not be null.");
            return;
        }

        if (!paid.Enabled)
        {
            return;
        }

        if (paid.MessagesPerSecond is < 31 or > 1000)
        {
            errors.Add("SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond must be between 31 and 1000 (Telegram's paid broadcast ceiling).");
        }
        else if (d.GlobalMessagesPerSecond <= 0 || paid.MessagesPerSecond <= d.GlobalMessagesPerSecond)
        {
            errors.Add("SnsTelegram:Delivery:PaidBroadcast:MessagesPerSecond must be more than SnsTelegram:Delivery:GlobalMessagesPerSecond, which must be above 0 (the free rate).");
        }

        if (paid.DailyStarsCap <= 0)
        {
            errors.Add("SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap is required when paid broadcasts are enabled: the most Stars they may cost per UTC day (0.1 Star a message above the free rate), more than 0.");
        }
    }
}
