using Microsoft.AspNetCore.DataProtection;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// The key protection the provider tests open their databases with: one configured key for every database of the test
/// run, as every instance of an app shares one key, and the crash host (a separate process) gets the same key through
/// <c>SNSTELEGRAM_STORAGE_KEY</c>. The Data Protection default is what the apps of the registration and integration
/// tests use.
/// </summary>
internal static class TestChatIdProtection
{
    /// <summary>The test key, 32 bytes in base64 (a test value, protecting nothing).</summary>
    public const string Key = "c25zdGVsZWdyYW0tdGVzdC1zdG9yYWdlLWtleS0wMDE=";

    /// <summary>The protection every database of the tests shares.</summary>
    public static ChatIdProtection Shared { get; } = ChatIdProtection.FromKey(Convert.FromBase64String(Key));

    /// <summary>Another app's Data Protection key ring (or this app's after a restart without a persisted one).</summary>
    public static ChatIdProtection OtherKeyRing() => ChatIdProtection.FromDataProtection(new EphemeralDataProtectionProvider());
}
