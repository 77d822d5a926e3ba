namespace SnsTelegram.Sdk.Operations.Events;

/// <summary>An in-code event handler registered with <c>AddEventHandler&lt;T&gt;()</c>.</summary>
/// <param name="HandlerType">The handler, resolved from a new scope for each event.</param>
internal sealed record EventHandlerRegistration(Type HandlerType);
