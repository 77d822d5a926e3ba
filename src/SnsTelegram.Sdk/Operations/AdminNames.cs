using System.Globalization;
using SnsTelegram.Sdk.Reporting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Operations;

/// <summary>How the admin endpoints name states, lanes, outcomes, chat types and schedules on the wire.</summary>
internal static class AdminNames
{
    public static string State(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sent => "sent",
        _ => "dead_lettered",
    };

    public static string Lane(DeliveryLane lane) => lane switch
    {
        DeliveryLane.Urgent => "urgent",
        DeliveryLane.Bulk => "bulk",
        _ => "normal",
    };

    public static string Outcome(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Succeeded => "succeeded",
        JobOutcome.Failed => "failed",
        _ => "canceled",
    };

    public static string ChatType(TelegramChatType type) => type switch
    {
        TelegramChatType.Group => "group",
        TelegramChatType.Supergroup => "supergroup",
        TelegramChatType.Channel => "channel",
        _ => "private",
    };

    public static string Schedule(JobSchedule schedule) => schedule switch
    {
        CronJobSchedule cron => $"cron {cron.Expression} ({cron.TimeZone.Id})",
        IntervalJobSchedule interval => "every " + interval.Interval.ToString("c", CultureInfo.InvariantCulture),
        _ => schedule.ToString(),
    };
}
