using Microsoft.Playwright;

namespace SnsTelegram.Sample.Tests;

/// <summary>Debian's Chromium, headless, with a throwaway profile: the browser of the demo page's tests.</summary>
internal sealed class DemoBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Milliseconds; generous for a loaded 2-core machine.</summary>
    public const float Timeout = 90_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private DemoBrowser(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    /// <summary>The page's script errors.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>A desktop window, or a phone's screen (touch, mobile viewport, 2× pixels) when <paramref name="phone"/>.</summary>
    public static async Task<DemoBrowser> LaunchAsync(int width = 1360, int height = 940, bool phone = false)
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"The browser tests drive Debian's Chromium at {ChromiumPath}: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("snstelegram-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(Timeout);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return new DemoBrowser(playwright, context, page, profile);
    }

    /// <summary>Saves a full-page screenshot under the test's output folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // a file the browser still holds; the temp folder is cleaned by the system
        }
    }
}
