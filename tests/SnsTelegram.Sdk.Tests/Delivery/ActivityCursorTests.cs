using System.Buffers.Text;
using System.Text;
using SnsTelegram.Sdk.Delivery;

namespace SnsTelegram.Sdk.Tests.Delivery;

public sealed class ActivityCursorTests
{
    [Theory]
    [InlineData(42L, 7L)]
    [InlineData(42L, null)]
    [InlineData(null, 7L)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void An_activity_position_comes_back_from_its_cursor(long? outbox, long? note)
    {
        var cursor = ActivityCursor.Encode(new ActivityPosition(outbox, note));

        ActivityCursor.TryDecodePosition(cursor, out var position).ShouldBeTrue();
        position.ShouldBe(new ActivityPosition(outbox, note));
    }

    [Fact]
    public void A_cursor_of_an_outbox_id_alone_still_reads_as_a_position_from_the_newest_notes()
    {
        ActivityCursor.TryDecodePosition(ActivityCursor.Encode(42), out var position).ShouldBeTrue();
        position.ShouldBe(new ActivityPosition(42, null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("o0n1")]
    [InlineData("o1n0")]
    [InlineData("o-1n")]
    [InlineData("o1nx")]
    [InlineData("o")]
    [InlineData("x1n1")]
    public void A_cursor_this_API_did_not_give_out_is_refused(string text)
    {
        var cursor = text == "12" ? text : Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

        ActivityCursor.TryDecodePosition(cursor, out _).ShouldBeFalse(text);
    }
}
