using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using SnsTelegram.Sample.Web.Hosting;
using SnsTelegram.Sdk;
using SnsTelegram.Sdk.Testing;

namespace SnsTelegram.Sample.Web.Demo;

/// <summary>
/// The offline demo: with no bot token configured, the Telegram Bot API emulator runs in this process, the library is
/// configured against it (long polling), and each signed-in demo user gets a simulated Telegram user whose chat the
/// demo page shows.
/// </summary>
public sealed partial class OfflineDemo : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedUser> _users = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string? _databaseFile;

    private readonly ConcurrentDictionary<string, bool> _teamMembers = new(StringComparer.Ordinal);

    private TelegramEmulator? _emulator;
    private EmulatedGroup? _team;

    private OfflineDemo(string? databaseFile)
    {
        _databaseFile = databaseFile;
    }

    /// <summary>The emulator standing in for Telegram (after <see cref="StartAsync"/>).</summary>
    public TelegramEmulator Emulator => _emulator ?? throw new InvalidOperationException("The offline demo has not started.");

    /// <summary>
    /// Decides on the offline demo before the app is built: with no bot token configured (<c>SnsTelegram:BotToken</c> or
    /// <c>TELEGRAM_BOT_TOKEN</c>) and <c>Sample:OfflineDemo</c> not false, it sets the demo's defaults (long polling, a
    /// 10-second <c>sns_auto_post</c>, a fresh SQLite file per run); settings given explicitly are kept.
    /// </summary>
    public static OfflineDemo? CreateIfNoBotToken(IConfigurationManager configuration)
    {
        if (SampleConfiguration.HasBotToken(configuration) || !configuration.GetValue("Sample:OfflineDemo", true))
        {
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(configuration["SnsTelegram:UpdateMode"]))
        {
            values["SnsTelegram:UpdateMode"] = nameof(TelegramUpdateMode.Polling);
        }

        if (string.IsNullOrWhiteSpace(configuration["Sample:AutoPostIntervalSeconds"]))
        {
            values["Sample:AutoPostIntervalSeconds"] = "10"; // the demo shows notifications within seconds
        }

        string? databaseFile = null;
        if (SampleConfiguration.UsesPostgreSql(configuration))
        {
            // the library's tables are in PostgreSQL; the mini SNS scheduler's own get a fresh file per run
            if (string.IsNullOrWhiteSpace(configuration["Sample:ConnectionString"]))
            {
                databaseFile = FreshDatabaseFile();
                values["Sample:ConnectionString"] = $"Data Source={databaseFile}";
            }
        }
        else if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("SnsTelegram")))
        {
            // The emulator's chats live only as long as this process, so the demo's links do too: a fresh file per run.
            databaseFile = FreshDatabaseFile();
            values["ConnectionStrings:SnsTelegram"] = $"Data Source={databaseFile}";
        }

        configuration.AddInMemoryCollection(values);
        Console.WriteLine("No bot token configured: starting the offline demo (a Telegram emulator in this process, a fresh SQLite file)...");
        return new OfflineDemo(databaseFile);
    }

    private static string FreshDatabaseFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "snstelegram-demo");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"demo-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
    }

    /// <summary>
    /// Starts the emulator and points the library at it. Called after the app is built (the library reads its options
    /// when the app starts), so that test hosts do not mistake the emulator's own web host for the app's.
    /// </summary>
    public async Task StartAsync(IConfiguration appConfiguration)
    {
        _emulator = await TelegramEmulator.StartAsync(new TelegramEmulatorOptions
        {
            BotUsername = "sns_demo_bot",
            BotFirstName = "SNS Demo Bot",
        });
        ((IConfigurationBuilder)appConfiguration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SnsTelegram:BotToken"] = _emulator.BotToken,
            ["SnsTelegram:BotUsername"] = _emulator.BotUsername,
            ["SnsTelegram:ApiBaseUrl"] = _emulator.BaseUrl,
        });
    }

    /// <summary>The simulated Telegram user of a demo user (created on first use; they have not started the bot yet).</summary>
    public EmulatedUser UserFor(string appUserId)
    {
        if (_users.TryGetValue(appUserId, out var user))
        {
            return user;
        }

        lock (_gate)
        {
            return _users.GetOrAdd(appUserId, id =>
            {
                var first = id.Length > 32 ? id[..32] : id;
                var username = UsernameChars().Replace(id, "_");
                return Emulator.CreateUser(
                    firstName: char.ToUpperInvariant(first[0]) + first[1..],
                    username: username.Length >= 5 ? username[..Math.Min(username.Length, 32)] : $"{username}_demo",
                    languageCode: "en",
                    hasStartedBot: false);
            });
        }
    }

    /// <summary>The simulated user of a demo user, if they have one.</summary>
    public EmulatedUser? FindUser(string appUserId) => _users.GetValueOrDefault(appUserId);

    /// <summary>The name of the demo's team group.</summary>
    public const string TeamTitle = "SNS team";

    /// <summary>
    /// The demo's team group: one forum supergroup shared by every demo user who links it (created on first use), in
    /// which the bot is an administrator that may create topics, so each notification type gets its own topic.
    /// </summary>
    public EmulatedGroup Team
    {
        get
        {
            lock (_gate)
            {
                return _team ??= Emulator.CreateForumGroup(TeamTitle, botCanManageTopics: true);
            }
        }
    }

    /// <summary>
    /// A demo user adds the bot to the team group with their <c>startgroup</c> payload, as an administrator of the group
    /// (the first one to join is its creator), so the bot accepts the link.
    /// </summary>
    /// <returns>The update id of the group's <c>/start</c> message.</returns>
    public Task<long> JoinTeamAsync(string appUserId, string payload, CancellationToken cancellationToken)
    {
        var user = UserFor(appUserId);
        var team = Team;
        lock (_gate)
        {
            team.SetMember(user, _teamMembers.IsEmpty ? EmulatedMemberStatus.Creator : EmulatedMemberStatus.Administrator);
            _teamMembers[appUserId] = true;
        }

        return team.AddBotAsync(user, payload, cancellationToken);
    }

    /// <summary>The first name of a simulated Telegram user of this demo (null for someone else).</summary>
    public string? NameOf(long telegramUserId) => _users.Values.FirstOrDefault(u => u.Id == telegramUserId)?.FirstName;

    /// <summary>Whether a demo user has joined the team group (only members see its chat).</summary>
    public bool IsTeamMember(string appUserId) => _teamMembers.ContainsKey(appUserId);

    /// <summary>Prints where the demo is, once the server listens.</summary>
    public void PrintBannerWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.Select(a => a.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal))
                .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault() ?? "http://127.0.0.1:5080";
            Console.WriteLine($"""

                ==================================================================================
                  SnsTelegram offline demo: no bot token configured, Telegram is simulated here.
                  Open {url}/ in a browser.
                  (Set SnsTelegram__BotToken and SnsTelegram__BotUsername to use a real bot.)
                ==================================================================================

                """);
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (_databaseFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // another process may still hold it; the temp directory is cleaned by the system
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex UsernameChars();
}
