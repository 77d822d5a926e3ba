using System.Buffers.Text;
using System.Text.RegularExpressions;
using SnsTelegram.Sdk.Linking;

namespace SnsTelegram.Sdk.Tests.Linking;

public sealed class LinkSecretsTests
{
    [Fact]
    public void Tokens_are_256_random_bits_as_a_valid_start_payload()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => LinkSecrets.NewToken()).ToList();

        tokens.Distinct().Count().ShouldBe(tokens.Count);
        foreach (var token in tokens)
        {
            token.Length.ShouldBe(43);
            token.ShouldMatch("^[A-Za-z0-9_-]{1,64}$");
            Base64Url.DecodeFromChars(token).Length.ShouldBe(32);
            LinkSecrets.IsTokenShaped(token).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Anything_else_is_not_token_shaped(string? payload) => LinkSecrets.IsTokenShaped(payload).ShouldBeFalse();

    [Fact]
    public void Codes_use_the_unambiguous_alphabet()
    {
        for (var i = 0; i < 2000; i++)
        {
            var code = LinkSecrets.NewCode();
            code.Length.ShouldBe(8);
            code.ShouldMatch("^[0-9A-HJKMNP-TV-Z]{8}$");
            code.IndexOfAny(['I', 'L', 'O', 'U']).ShouldBe(-1);
        }
    }

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData(" K7M2 9QXR ", "K7M29QXR")]
    [InlineData("il0o-1234", "1100" + "1234")]
    public void Typed_codes_are_read_the_Crockford_way(string typed, string expected) =>
        LinkSecrets.NormalizeCode(typed).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFG")]
    [InlineData("ABCDEFGHJ")]
    [InlineData("ABCDEFGU")]
    [InlineData("ABCD!FGH")]
    public void Anything_that_cannot_be_a_code_is_refused(string? typed) => LinkSecrets.NormalizeCode(typed).ShouldBeNull();

    [Fact]
    public void Hashes_are_stable_base64url_sha256_and_reveal_nothing()
    {
        var token = LinkSecrets.NewToken();
        var hash = LinkSecrets.Hash(token);

        hash.ShouldBe(LinkSecrets.Hash(token));
        hash.ShouldNotBe(token);
        hash.Length.ShouldBe(43);
        LinkSecrets.Hash(LinkSecrets.NewToken()).ShouldNotBe(hash);
        LinkSecrets.HashEquals(hash, hash).ShouldBeTrue();
        var flipped = new string(hash.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
        LinkSecrets.HashEquals(hash, flipped).ShouldBeFalse();
        Regex.IsMatch(hash, "^[A-Za-z0-9_-]+$").ShouldBeTrue();
    }
}
