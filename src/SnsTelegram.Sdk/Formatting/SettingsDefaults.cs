namespace SnsTelegram.Sdk.Formatting;

/// <summary>What an account gets for a setting it has not chosen: the app's default language, time zone and report time.</summary>
internal sealed record SettingsDefaults(string Language, string TimeZone, TimeOnly ReportTime);
