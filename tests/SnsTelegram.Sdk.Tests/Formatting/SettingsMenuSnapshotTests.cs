using System.Text;
using SnsTelegram.Sdk.Formatting;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>
/// Every screen of the <c>/settings</c> menu and the bot's settings replies, locked in Korean and English: the HTML
/// text, then the keyboard row by row as <c>[label](callback data)</c>.
/// </summary>
public sealed class SettingsMenuSnapshotTests
{
    private static readonly SettingsDefaults Defaults = new("en", "UTC", new TimeOnly(9, 0));

    private static readonly ChatLink Fresh = new() { UserId = "u1", ChatId = 42, LinkedAt = DateTimeOffset.UnixEpoch };

    private static readonly ChatLink Configured = Fresh with
    {
        Language = "ko",
        TimeZone = "Asia/Seoul",
        DailyReportTime = new TimeOnly(7, 0),
        MutedTypes = new HashSet<string>(StringComparer.Ordinal) { NotificationTypes.PostSuccess, NotificationTypes.DailySummary },
        QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) { Mode = QuietHoursMode.Hold, Days = WeekDays.Friday | WeekDays.Saturday },
        DigestMinutes = 60,
    };

    public static TheoryData<string, string, bool> Screens()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var language in new[] { "ko", "en" })
        {
            foreach (var screen in new[] { "home", "lang", "tz", "tz/asia", "tz/america", "report", "mute", "quiet", "digest" })
            {
                data.Add(language, screen, true);
            }

            data.Add(language, "tz", false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public void Screen(string language, string screen, bool configured)
    {
        var texts = BotTexts.For(language);
        var link = configured ? Configured : Fresh;

        var message = SettingsMenu.Render(screen, link, Defaults, texts, privateChat: configured);

        TelegramHtmlValidator.ShouldBeValid(message);
        Snapshot.Match(Describe(message), $"{language}_{screen.Replace('/', '_')}{(configured ? string.Empty : "_fresh_group")}");
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("en")]
    public void Home_with_nothing_chosen(string language)
    {
        var message = SettingsMenu.Render(SettingsMenu.Home, Fresh, Defaults, BotTexts.For(language), privateChat: true);

        TelegramHtmlValidator.ShouldBeValid(message);
        Snapshot.Match(Describe(message), language);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("en")]
    public void Replies(string language)
    {
        var texts = BotTexts.For(language);
        var replies = new StringBuilder()
            .Append("saved: ").Append(texts.Saved).Append('\n')
            .Append("shared chat: ").Append(texts.SettingsSharedChat).Append('\n')
            .Append("too many: ").Append(texts.SettingsTooMany).Append('\n')
            .Append("quiet off first: ").Append(texts.QuietHoursOffFirst).Append('\n')
            .Append("location private only: ").Append(texts.LocationPrivateOnly).Append('\n')
            .Append("location button: ").Append(texts.LocationButton).Append('\n')
            .Append("unmute button: ").Append(texts.UnmuteButton(NotificationTypes.PostFailure)).Append('\n')
            .Append("--- location prompt\n").Append(texts.LocationPrompt).Append('\n')
            .Append("--- location set\n").Append(texts.LocationSet("America/Sao_Paulo")).Append('\n');
        TelegramHtmlValidator.ShouldBeValid(new TelegramMessage(texts.LocationPrompt));
        TelegramHtmlValidator.ShouldBeValid(new TelegramMessage(texts.LocationSet("America/Sao_Paulo")));
        Snapshot.Match(replies.ToString(), language);
    }

    [Fact]
    public void Every_button_of_every_screen_fits_Telegrams_callback_data_limit()
    {
        foreach (var language in new[] { "ko", "en" })
        {
            foreach (var screen in new[] { "home", "lang", "tz", "report", "mute", "quiet", "digest" }.Concat(TimeZoneChoices.Regions.Select(r => "tz/" + r.Key)))
            {
                var message = SettingsMenu.Render(screen, Configured, Defaults, BotTexts.For(language), privateChat: true);
                foreach (var button in message.Buttons!.SelectMany(r => r))
                {
                    Encoding.UTF8.GetByteCount(button.CallbackData!).ShouldBeInRange(1, CallbackData.MaxBytes);
                    CallbackData.TryParse(button.CallbackData, out var command).ShouldBeTrue();
                    command.Action.ShouldBe(CallbackAction.Settings);
                }
            }
        }
    }

    [Theory]
    [InlineData(37.45, 126.70, "Asia/Seoul")] // Incheon
    [InlineData(34.69, 135.50, "Asia/Tokyo")] // Osaka
    [InlineData(48.14, 11.58, "Europe/Berlin")] // Munich
    [InlineData(40.42, -3.70, "Europe/Paris")] // Madrid
    [InlineData(47.61, -122.33, "America/Los_Angeles")] // Seattle
    [InlineData(-34.60, -58.38, "America/Sao_Paulo")] // Buenos Aires
    [InlineData(-37.81, 144.96, "Australia/Sydney")] // Melbourne
    [InlineData(64.15, -21.94, "Europe/London")] // Reykjavik
    [InlineData(-41.29, 174.78, "Pacific/Auckland")] // Wellington, next to the antimeridian
    public void A_location_maps_to_the_nearest_curated_zone(double latitude, double longitude, string zone)
    {
        TimeZoneChoices.Nearest(latitude, longitude).ZoneId.ShouldBe(zone);
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _).ShouldBeTrue();
    }

    [Fact]
    public void Every_curated_zone_is_known_and_out_of_range_points_are_refused()
    {
        foreach (var zone in TimeZoneChoices.Regions.SelectMany(r => r.Zones))
        {
            TimeZoneInfo.TryFindSystemTimeZoneById(zone.ZoneId, out _).ShouldBeTrue(zone.ZoneId);
        }

        Should.Throw<ArgumentOutOfRangeException>(() => TimeZoneChoices.Nearest(90.5, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => TimeZoneChoices.Nearest(0, double.PositiveInfinity));
    }

    private static string Describe(TelegramMessage message)
    {
        var text = new StringBuilder(message.Text).Append("\n---\n");
        foreach (var row in message.Buttons ?? [])
        {
            text.AppendJoin(" ", row.Select(b => $"[{b.Text}]({b.CallbackData})")).Append('\n');
        }

        return text.ToString();
    }
}
