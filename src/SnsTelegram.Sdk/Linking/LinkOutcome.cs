using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>What linking did.</summary>
/// <param name="Link">The saved link.</param>
/// <param name="MovedFromUserIds">Users whose link to the same private chat was removed (a private chat serves one account).</param>
internal sealed record LinkOutcome(ChatLink Link, IReadOnlyList<string> MovedFromUserIds);
