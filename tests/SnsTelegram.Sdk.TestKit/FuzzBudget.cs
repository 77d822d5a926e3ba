using System.Globalization;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// How long each fuzz test runs. CI keeps the defaults (a few seconds each, under a minute in all); set
/// <c>SNSTELEGRAM_FUZZ_SECONDS</c> to run every fuzz test that many seconds instead, for a longer hunt.
/// </summary>
public static class FuzzBudget
{
    /// <summary>The environment variable that sets the seconds per fuzz test.</summary>
    public const string Variable = "SNSTELEGRAM_FUZZ_SECONDS";

    /// <summary>The seconds for one fuzz test: <see cref="Variable"/> when set to a positive whole number, else <paramref name="ciSeconds"/>.</summary>
    public static int Seconds(int ciSeconds) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : ciSeconds;
}
