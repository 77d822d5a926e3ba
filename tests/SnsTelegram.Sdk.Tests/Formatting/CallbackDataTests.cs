using System.Text;
using SnsTelegram.Sdk.Formatting;

namespace SnsTelegram.Sdk.Tests.Formatting;

public sealed class CallbackDataTests
{
    [Theory]
    [InlineData(NotificationTypes.PostSuccess)]
    [InlineData(NotificationTypes.PostFailure)]
    [InlineData(NotificationTypes.AutomationExecuted)]
    [InlineData(NotificationTypes.DailySummary)]
    [InlineData(NotificationTypes.Test)]
    public void Mute_and_unmute_round_trip(string type)
    {
        CallbackData.Mute(type).ShouldBe("mute:" + type);
        CallbackData.TryParse(CallbackData.Mute(type), out var mute).ShouldBeTrue();
        mute.ShouldBe(new CallbackCommand(CallbackAction.Mute, type));
        CallbackData.TryParse(CallbackData.Unmute(type), out var unmute).ShouldBeTrue();
        unmute.ShouldBe(new CallbackCommand(CallbackAction.Unmute, type));
    }

    [Fact]
    public void Retry_round_trips_and_respects_64_bytes()
    {
        CallbackData.TryCreateRetry("post_12345", out var data).ShouldBeTrue();
        data.ShouldBe("retry:post_12345");
        CallbackData.TryParse(data, out var command).ShouldBeTrue();
        command.ShouldBe(new CallbackCommand(CallbackAction.Retry, "post_12345"));

        CallbackData.TryCreateRetry(new string('a', 58), out var longest).ShouldBeTrue();
        Encoding.UTF8.GetByteCount(longest!).ShouldBe(64);
        CallbackData.TryCreateRetry(new string('a', 59), out _).ShouldBeFalse();
        CallbackData.TryCreateRetry(new string('가', 20), out _).ShouldBeFalse("20 Hangul syllables are 60 bytes");
        CallbackData.TryCreateRetry("", out _).ShouldBeFalse();
        CallbackData.TryCreateRetry(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void Stop_parses()
    {
        CallbackData.TryParse(CallbackData.Stop, out var command).ShouldBeTrue();
        command.ShouldBe(new CallbackCommand(CallbackAction.Stop, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mute:")]
    [InlineData("mute:unknown_type")]
    [InlineData("unmute:POST_SUCCESS")]
    [InlineData("retry:")]
    [InlineData("stop:now")]
    [InlineData("something")]
    [InlineData("set:")]
    public void Unknown_data_does_not_parse(string? data) =>
        CallbackData.TryParse(data, out _).ShouldBeFalse();

    [Fact]
    public void Muting_an_unknown_type_names_it() =>
        Should.Throw<ArgumentException>(() => CallbackData.Mute("weekly")).Message.ShouldContain("'weekly'");

    [Fact]
    public void A_settings_button_round_trips_and_refuses_data_over_64_bytes()
    {
        var data = CallbackData.Settings("tz=America/Los_Angeles");

        data.ShouldBe("set:tz=America/Los_Angeles");
        CallbackData.TryParse(data, out var command).ShouldBeTrue();
        command.ShouldBe(new CallbackCommand(CallbackAction.Settings, "tz=America/Los_Angeles"));
        SettingsMenu.TryParse(command.Argument!, out var key, out var value).ShouldBeTrue();
        (key, value).ShouldBe(("tz", "America/Los_Angeles"));
        SettingsMenu.TryParse("tz/asia", out key, out value).ShouldBeTrue();
        (key, value).ShouldBe(("tz/asia", (string?)null));
        SettingsMenu.TryParse("tz=", out _, out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => CallbackData.Settings(new string('x', 61)));
    }
}
