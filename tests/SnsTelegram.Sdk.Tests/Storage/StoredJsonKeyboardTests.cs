using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Storage;

/// <summary>A reply keyboard (the location request, or its removal) survives the outbox's JSON; other messages store as before.</summary>
public sealed class StoredJsonKeyboardTests
{
    [Fact]
    public void A_location_request_and_a_keyboard_removal_round_trip()
    {
        var request = StoredJson.DeserializeMessage(StoredJson.Serialize(new TelegramMessage("Where?") { RequestLocation = "📍 Send my location" }));
        var removal = StoredJson.DeserializeMessage(StoredJson.Serialize(new TelegramMessage("Thanks") { RemoveReplyKeyboard = true }));

        request.RequestLocation.ShouldBe("📍 Send my location");
        request.RemoveReplyKeyboard.ShouldBeFalse();
        removal.RemoveReplyKeyboard.ShouldBeTrue();
        removal.RequestLocation.ShouldBeNull();
    }

    [Fact]
    public void A_message_without_a_reply_keyboard_stores_no_keyboard_fields()
    {
        var json = StoredJson.Serialize(new TelegramMessage("<b>hi</b>"));

        json.ShouldNotContain("RequestLocation", Case.Insensitive);
        json.ShouldNotContain("RemoveReplyKeyboard", Case.Insensitive);
    }
}
