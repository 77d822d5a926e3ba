namespace SnsTelegram.Sdk.Storage;

/// <summary>One event in the durable queue of the outgoing webhook (<see cref="IEventDeliveryStore"/>).</summary>
public sealed record EventDelivery
{
    /// <summary>The event's id (the <c>webhook-id</c> header): 1 to 100 characters, unique.</summary>
    public required string EventId { get; init; }

    /// <summary>The event's type, for example <c>message.sent</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The JSON body posted to the webhook, exactly as it is signed.</summary>
    public required string Body { get; init; }

    /// <summary>When the event was queued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it may be posted (again).</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Its state.</summary>
    public EventDeliveryState State { get; init; } = EventDeliveryState.Pending;

    /// <summary>How many posts failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The last failure (status code or error), if any.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was delivered or dead-lettered.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
