using System.Text.Json;
using SnsTelegram.Sdk.Linking;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Linking;

public sealed class SettingsPatchTests
{
    private static readonly ChatLink Link = new()
    {
        UserId = "u1",
        ChatId = 42,
        LinkedAt = new DateTimeOffset(2026, 2, 26, 10, 30, 0, TimeSpan.Zero),
        Language = "ko",
        TimeZone = "Asia/Seoul",
    };

    private static (bool Ok, ChatLink Updated, string Error) Apply(string json)
    {
        using var document = JsonDocument.Parse(json);
        var ok = SettingsPatch.TryApply(document.RootElement, Link, out var updated, out var error);
        return (ok, updated, error);
    }

    [Fact]
    public void Every_setting_can_be_changed()
    {
        var (ok, updated, _) = Apply("""{"language":"EN","time_zone":"Europe/Berlin","daily_report_time":"08:15","muted_types":["post_success","daily_summary","post_success"],"quiet_hours":{"start":"22:00","end":"07:00"}}""");

        ok.ShouldBeTrue();
        updated.Language.ShouldBe("en");
        updated.TimeZone.ShouldBe("Europe/Berlin");
        updated.DailyReportTime.ShouldBe(new TimeOnly(8, 15));
        updated.MutedTypes.Order().ShouldBe(["daily_summary", "post_success"]);
        updated.QuietHours.ShouldBe(new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)));
        updated.ChatId.ShouldBe(42);
    }

    [Fact]
    public void Absent_fields_are_kept_and_null_resets()
    {
        var (ok, updated, _) = Apply("""{"time_zone":null}""");

        ok.ShouldBeTrue();
        updated.TimeZone.ShouldBeNull();
        updated.Language.ShouldBe("ko");
    }

    [Theory]
    [InlineData("""{"language":"fr"}""", "language")]
    [InlineData("""{"time_zone":"Mars/Olympus"}""", "time_zone")]
    [InlineData("""{"daily_report_time":"9am"}""", "daily_report_time")]
    [InlineData("""{"daily_report_time":"24:00"}""", "daily_report_time")]
    [InlineData("""{"muted_types":["test"]}""", "muted_types")]
    [InlineData("""{"muted_types":"post_success"}""", "muted_types")]
    [InlineData("""{"quiet_hours":{"start":"22:00","end":"22:00"}}""", "quiet_hours")]
    [InlineData("""{"quiet_hours":{"start":"22:00"}}""", "quiet_hours")]
    [InlineData("""{"quiet_hours":{"start":"22:00","end":"07:00","tz":"x"}}""", "quiet_hours")]
    [InlineData("""{"chat_id":1}""", "Unknown setting")]
    [InlineData("""{}""", "at least one")]
    [InlineData("""[]""", "JSON object")]
    public void Bad_settings_are_refused_with_the_field_named(string json, string mention)
    {
        var (ok, _, error) = Apply(json);

        ok.ShouldBeFalse();
        error.ShouldContain(mention);
    }
}
