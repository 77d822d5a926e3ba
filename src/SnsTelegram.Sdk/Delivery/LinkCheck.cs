using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Delivery;

/// <summary>The answer of <see cref="SendPipeline.CheckLinkAsync"/>.</summary>
/// <param name="Status">Whether the notification may go out.</param>
/// <param name="Link">The user's link (null when <see cref="LinkCheckStatus.NotLinked"/>).</param>
internal readonly record struct LinkCheck(LinkCheckStatus Status, ChatLink? Link);
