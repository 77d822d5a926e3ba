using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>The services a storage registration test starts from: logging and valid options, no bot traffic.</summary>
internal static class StorageTestServices
{
    public static ServiceCollection Create()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SnsTelegramOptions>().Configure(o =>
        {
            o.BotToken = "123456:TEST-storage-registration-token-000";
            o.BotUsername = "sns_test_bot";
            o.UpdateMode = TelegramUpdateMode.None;
        });
        return services;
    }
}
