namespace SnsTelegram.Sdk.Testing;

/// <summary>A person's status in an emulated group, as <c>getChatMember</c> reports it.</summary>
public enum EmulatedMemberStatus
{
    /// <summary>An ordinary member (<c>member</c>).</summary>
    Member,

    /// <summary>An administrator (<c>administrator</c>).</summary>
    Administrator,

    /// <summary>The group's owner (<c>creator</c>).</summary>
    Creator,
}
