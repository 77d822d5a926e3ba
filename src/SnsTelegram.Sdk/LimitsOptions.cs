namespace SnsTelegram.Sdk;

/// <summary>
/// Per-user limits of the account endpoints that make the bot send or that write. They are kept in the store
/// (<c>IRateLimitStore</c>), so instances that share a store share the limits. A request over a limit is answered 429
/// with <c>Retry-After</c>. Linking has its own limits: <see cref="SnsTelegramOptions.LinkTokenIssueLimit"/> per
/// <see cref="SnsTelegramOptions.LinkTokenIssueWindow"/>.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary><c>POST send-test-message</c> per user. Default: 5 per minute.</summary>
    public UserLimitOptions TestMessage { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    /// <summary><c>PATCH settings</c> per user. Default: 30 per minute.</summary>
    public UserLimitOptions Settings { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
}
