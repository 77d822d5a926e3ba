namespace SnsTelegram.Sdk.Delivery;

/// <summary>Telegram's answer to <c>getChatMember</c>: the member's rights, or the failed call's outcome.</summary>
/// <param name="Outcome"><see cref="SendOutcomeKind.Sent"/> when Telegram answered with a member; otherwise why not.</param>
/// <param name="IsAdministrator">The member is the chat's creator or one of its administrators.</param>
/// <param name="CanManageTopics">The member may create forum topics (<c>can_manage_topics</c>; always true for the creator).</param>
internal readonly record struct ChatMemberAnswer(SendOutcome Outcome, bool IsAdministrator, bool CanManageTopics);
