using Microsoft.AspNetCore.DataProtection;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Storage;

public sealed class ChatIdKeysTests
{
    private static readonly byte[] Lookup = ChatIdKeys.NewKey();

    private static ChatIdKeys Keys(params int[] ids) => new(Lookup, ids.ToDictionary(id => id, _ => ChatIdKeys.NewKey()));

    [Theory]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(-1001987654321L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void A_chat_id_reads_back_and_each_encryption_differs(long chatId)
    {
        var keys = Keys(1);
        var first = keys.Protect(chatId);
        var second = keys.Protect(chatId);

        first.ShouldNotBe(second);
        first.ShouldStartWith("1:");
        keys.TryUnprotect(first, out var read).ShouldBeTrue();
        read.ShouldBe(chatId);
    }

    [Fact]
    public void The_newest_key_encrypts_older_ones_still_read_and_the_hash_stays_the_same()
    {
        var first = ChatIdKeys.NewKey();
        var before = new ChatIdKeys(Lookup, new Dictionary<int, byte[]> { [1] = first });
        var after = new ChatIdKeys(Lookup, new Dictionary<int, byte[]> { [1] = first, [2] = ChatIdKeys.NewKey() });
        var old = before.Protect(7);

        after.CurrentKeyId.ShouldBe(2);
        after.Protect(7).ShouldStartWith("2:");
        after.TryUnprotect(old, out var read).ShouldBeTrue();
        read.ShouldBe(7);
        after.Hash(7).ShouldBe(before.Hash(7));
        after.Hash(7).ShouldNotBe(after.Hash(8));
        Keys(1).Hash(7).ShouldBe(before.Hash(7), "the hash depends on the lookup key only");
        new ChatIdKeys(ChatIdKeys.NewKey(), new Dictionary<int, byte[]> { [1] = ChatIdKeys.NewKey() }).Hash(7).ShouldNotBe(before.Hash(7));
    }

    [Fact]
    public void A_value_under_a_key_not_read_yet_is_reported_not_guessed()
    {
        var newer = Keys(3).Protect(7);
        Keys(1, 2).TryUnprotect(newer, out _).ShouldBeFalse();
    }

    [Fact]
    public void Altered_or_foreign_values_are_refused()
    {
        var keys = Keys(1);
        var value = keys.Protect(7);
        var altered = value[..^5] + (value[^5] == 'A' ? 'B' : 'A') + value[^4..];

        Should.Throw<InvalidDataException>(() => keys.TryUnprotect(altered, out _)).Message.ShouldContain("fails authentication");
        Should.Throw<InvalidDataException>(() => Keys(1).TryUnprotect(value, out _)).Message.ShouldContain("fails authentication");
        Should.Throw<InvalidDataException>(() => keys.TryUnprotect("-1001987654321", out _)).Message.ShouldContain("data key id");
        Should.Throw<InvalidDataException>(() => keys.TryUnprotect("1:abc", out _)).Message.ShouldContain("malformed");
    }

    [Fact]
    public void Keys_of_the_wrong_length_are_refused()
    {
        Should.Throw<ArgumentException>(() => new ChatIdKeys(new byte[16], new Dictionary<int, byte[]> { [1] = ChatIdKeys.NewKey() }));
        Should.Throw<ArgumentException>(() => new ChatIdKeys(Lookup, new Dictionary<int, byte[]> { [1] = new byte[31] }));
        Should.Throw<ArgumentException>(() => new ChatIdKeys(Lookup, new Dictionary<int, byte[]>()));
        Should.Throw<ArgumentException>(() => ChatIdProtection.FromKey(new byte[31]));
    }

    [Fact]
    public void A_data_key_unwraps_only_with_what_wrapped_it_and_the_error_says_what_to_share()
    {
        var dataKey = ChatIdKeys.NewKey();
        var ring = ChatIdProtection.FromDataProtection(new EphemeralDataProtectionProvider());
        var configured = ChatIdProtection.FromKey(ChatIdKeys.NewKey());

        ring.Unwrap(ring.Wrap(dataKey), "The test database").ShouldBe(dataKey);
        configured.Unwrap(configured.Wrap(dataKey), "The test database").ShouldBe(dataKey);

        Should.Throw<InvalidOperationException>(() => ChatIdProtection.FromDataProtection(new EphemeralDataProtectionProvider()).Unwrap(ring.Wrap(dataKey), "The test database"))
            .Message.ShouldContain("Every instance must use one shared, persisted key ring");
        Should.Throw<InvalidOperationException>(() => ChatIdProtection.FromKey(ChatIdKeys.NewKey()).Unwrap(configured.Wrap(dataKey), "The test database"))
            .Message.ShouldContain("Set the same SnsTelegram:StorageEncryptionKey on every instance");
        Should.Throw<InvalidOperationException>(() => ring.Unwrap(configured.Wrap(dataKey), "The test database"))
            .Message.ShouldContain("but none is set");
        Should.Throw<InvalidOperationException>(() => ring.Unwrap("plain", "The test database"))
            .Message.ShouldContain("not written by SnsTelegram.Sdk");
    }
}
