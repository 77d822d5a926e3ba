namespace SnsTelegram.Sdk.Delivery;

/// <summary>What happens to a notification now (<see cref="NotificationRenderer.PlanOf"/>).</summary>
/// <param name="Kind">Sent now, held by quiet hours, or put into a digest window.</param>
/// <param name="Until">For a held one, when the quiet hours end; for a digested one, when a new window would close.</param>
internal readonly record struct SendPlan(SendPlanKind Kind, DateTimeOffset Until)
{
    public static SendPlan Now { get; } = new(SendPlanKind.Now, default);
}
