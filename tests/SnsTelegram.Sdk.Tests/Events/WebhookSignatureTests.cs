using SnsTelegram.Sdk.Operations.Events;

namespace SnsTelegram.Sdk.Tests.Events;

public sealed class WebhookSignatureTests
{
    // the example of the Standard Webhooks specification and its reference libraries
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void The_signature_matches_the_specifications_example() =>
        WebhookSignature.Sign([WebhookSignature.KeyOf(SpecSecret)!], SpecId, SpecTimestamp, SpecBody).ShouldBe(SpecSignature);

    [Fact]
    public void Two_secrets_give_two_signatures_separated_by_a_space()
    {
        var other = WebhookSignature.KeyOf("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")!;
        var header = WebhookSignature.Sign([WebhookSignature.KeyOf(SpecSecret)!, other], SpecId, SpecTimestamp, SpecBody);
        var parts = header.Split(' ');
        parts.Length.ShouldBe(2);
        parts[0].ShouldBe(SpecSignature);
        parts[1].ShouldStartWith("v1,");
        parts[1].ShouldNotBe(SpecSignature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64")]
    [InlineData("whsec_AAECAwQFBgc=")]
    public void A_secret_that_is_not_whsec_base64_of_24_to_64_bytes_has_no_key(string? secret) =>
        WebhookSignature.KeyOf(secret).ShouldBeNull();
}
