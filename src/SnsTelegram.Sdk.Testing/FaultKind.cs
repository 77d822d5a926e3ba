namespace SnsTelegram.Sdk.Testing;

internal enum FaultKind
{
    None,
    Fail,
    TooManyRequests,
    Delay,
    DropBefore,
    DropAfter,
    Migrated,
}
