using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnsTelegram.Sample.Web.Sns;

namespace SnsTelegram.Sample.Web.Hosting;

/// <summary>
/// Fills in the settings a fresh clone lacks and the original's environment variables: <c>TELEGRAM_BOT_TOKEN</c>,
/// <c>TELEGRAM_WEBHOOK_URL</c>, a default SQLite file, and the update mode (webhook when a webhook URL is set,
/// long polling otherwise; an explicit <c>SnsTelegram:UpdateMode</c> wins).
/// </summary>
public static class SampleConfiguration
{
    /// <summary>Whether a bot token is configured (<c>SnsTelegram:BotToken</c> or <c>TELEGRAM_BOT_TOKEN</c>).</summary>
    public static bool HasBotToken(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["SnsTelegram:BotToken"]) || !string.IsNullOrWhiteSpace(configuration["TELEGRAM_BOT_TOKEN"]);

    /// <summary>Adds the derived settings as an in-memory source (which later sources, such as a test's, still override).</summary>
    public static void ApplyDefaults(IConfigurationManager configuration, string defaultDatabasePath)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(configuration["SnsTelegram:BotToken"]) && configuration["TELEGRAM_BOT_TOKEN"] is { Length: > 0 } token)
        {
            values["SnsTelegram:BotToken"] = token.Trim();
        }

        if (string.IsNullOrWhiteSpace(configuration["SnsTelegram:WebhookUrl"]) && configuration["TELEGRAM_WEBHOOK_URL"] is { Length: > 0 } hook)
        {
            values["SnsTelegram:WebhookUrl"] = hook.Trim();
        }

        if (string.IsNullOrWhiteSpace(configuration["SnsTelegram:UpdateMode"]))
        {
            var webhookUrl = values.GetValueOrDefault("SnsTelegram:WebhookUrl") ?? configuration["SnsTelegram:WebhookUrl"];
            values["SnsTelegram:UpdateMode"] = string.IsNullOrWhiteSpace(webhookUrl) ? "Polling" : "Webhook";
        }

        if (UsesPostgreSql(configuration))
        {
            // the library's tables go to PostgreSQL (ConnectionStrings:SnsTelegram, which UsePostgreSql asks for by
            // name when it is missing); the mini SNS scheduler's own tables stay in a SQLite file
            if (string.IsNullOrWhiteSpace(configuration[$"{SampleOptions.Section}:{nameof(SampleOptions.ConnectionString)}"]))
            {
                values[$"{SampleOptions.Section}:{nameof(SampleOptions.ConnectionString)}"] = $"Data Source={defaultDatabasePath}";
            }
        }
        else if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("SnsTelegram")))
        {
            values["ConnectionStrings:SnsTelegram"] = $"Data Source={defaultDatabasePath}";
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }

    /// <summary>
    /// Whether <c>Sample:Storage</c> chooses PostgreSQL (<c>postgres</c>) over SQLite (<c>sqlite</c>, the default) for the
    /// library's tables; any other value stops the app with a message naming the setting.
    /// </summary>
    public static bool UsesPostgreSql(IConfiguration configuration)
    {
        var storage = configuration["Sample:Storage"]?.Trim();
        if (string.IsNullOrEmpty(storage) || storage.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (storage.Equals("postgres", StringComparison.OrdinalIgnoreCase) || storage.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw new InvalidOperationException($"Sample:Storage is '{storage}'; use 'sqlite' (the default) or 'postgres' (with a PostgreSQL connection string in ConnectionStrings:SnsTelegram).");
    }

    /// <summary>The default SQLite file: <c>&lt;local application data&gt;/SnsTelegram.Sample/snstelegram.db</c> (or the temp directory).</summary>
    public static string DefaultDatabasePath()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }

        var directory = Path.Combine(root, "SnsTelegram.Sample");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "snstelegram.db");
    }

    /// <summary>Registers the mini SNS scheduler (its tables, publisher, auto-poster and retry handler).</summary>
    public static IServiceCollection AddSnsSample(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SampleOptions>()
            .Bind(configuration.GetSection(SampleOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SampleOptions>, SampleOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var own = sp.GetRequiredService<IOptions<SampleOptions>>().Value.ConnectionString;
            var connectionString = string.IsNullOrWhiteSpace(own) ? configuration.GetConnectionString("SnsTelegram") : own;
            return new SnsDatabase(connectionString ?? throw new InvalidOperationException("ConnectionStrings:SnsTelegram (or Sample:ConnectionString) is required."));
        });
        services.AddSingleton<SnsRepository>();
        services.AddSingleton<ISnsPublisher, SimulatedPublisher>();
        services.AddSingleton<SnsAutoPoster>();
        services.AddSingleton<SnsTelegram.Sdk.IPostRetryHandler, SnsPostRetryHandler>();
        services.TryAddSingleton(TimeProvider.System);

        // the web and worker hosts share one SQLite file, whose chat-id keys are wrapped by Data Protection: one
        // application name gives both the same key ring (by default each host's content root tells them apart)
        services.AddDataProtection().SetApplicationName("SnsTelegram.Sample");
        return services;
    }

    /// <summary>How often <c>sns_auto_post</c> runs.</summary>
    public static TimeSpan AutoPostInterval(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue($"{SampleOptions.Section}:{nameof(SampleOptions.AutoPostIntervalSeconds)}", 300)));

    private sealed class SampleOptionsValidator : IValidateOptions<SampleOptions>
    {
        public ValidateOptionsResult Validate(string? name, SampleOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
