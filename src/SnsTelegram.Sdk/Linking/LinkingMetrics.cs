using System.Diagnostics.Metrics;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>Linking instruments on the <c>SnsTelegram</c> meter.</summary>
internal sealed class LinkingMetrics
{
    private readonly Counter<long> _issued;
    private readonly Counter<long> _redeemed;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _linked;
    private readonly Counter<long> _limited;

    public LinkingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SnsTelegramDiagnostics.Name);
        _issued = meter.CreateCounter<long>("snstelegram.link_tokens.issued", "{token}", "Link tokens and chat codes issued.");
        _redeemed = meter.CreateCounter<long>("snstelegram.link_tokens.redeemed", "{token}", "Attempts to redeem a link token or chat code, by result.");
        _rateLimited = meter.CreateCounter<long>("snstelegram.link_tokens.rate_limited", "{request}", "Link token requests refused by the per-user limit.");
        _linked = meter.CreateCounter<long>("snstelegram.links.created", "{link}", "Accounts linked to a chat.");
        _limited = meter.CreateCounter<long>("snstelegram.user_limits.refused", "{request}", "Account endpoint requests refused by a per-user limit, by scope.");
    }

    public void TokenIssued(LinkTokenKind kind) => _issued.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)));

    public void TokenRedeemed(LinkTokenKind kind, LinkTokenConsumeStatus status) =>
        _redeemed.Add(1, new KeyValuePair<string, object?>("kind", KindName(kind)), new KeyValuePair<string, object?>("result", StatusName(status)));

    public void TokenRateLimited() => _rateLimited.Add(1);

    /// <summary>A request refused by the per-user limit of <paramref name="scope"/> (a <see cref="UserLimiter"/> scope).</summary>
    public void UserLimitRefused(string scope) => _limited.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void LinkCreated(string via, TelegramChatType chatType) =>
        _linked.Add(1, new KeyValuePair<string, object?>("via", via), new KeyValuePair<string, object?>("chat_type", ChatTypeName(chatType)));

    internal static string KindName(LinkTokenKind kind) => kind == LinkTokenKind.DeepLink ? "deep_link" : "chat_code";

    internal static string StatusName(LinkTokenConsumeStatus status) => status switch
    {
        LinkTokenConsumeStatus.Consumed => "consumed",
        LinkTokenConsumeStatus.NotFound => "not_found",
        LinkTokenConsumeStatus.AlreadyUsed => "already_used",
        LinkTokenConsumeStatus.Expired => "expired",
        LinkTokenConsumeStatus.Retired => "retired",
        _ => "unknown",
    };

    internal static string ChatTypeName(TelegramChatType chatType) => chatType switch
    {
        TelegramChatType.Private => "private",
        TelegramChatType.Group => "group",
        TelegramChatType.Supergroup => "supergroup",
        TelegramChatType.Channel => "channel",
        _ => "unknown",
    };
}
