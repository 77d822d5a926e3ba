using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The outcome of redeeming a token or a code.</summary>
internal readonly record struct LinkRedeemResult(LinkTokenConsumeStatus Status, LinkTokenRecord? Token)
{
    public bool Succeeded => Status == LinkTokenConsumeStatus.Consumed && Token is not null;
}
