using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.IntegrationTests;

/// <summary>What the app tells Telegram on start, per update mode, and how mapping fails without the services.</summary>
public sealed class BotLifecycleTests
{
    [Fact]
    public async Task Polling_deletes_the_webhook_first_and_receives_updates()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling);
        var user = app.CreateUser();

        await app.DeliveredAsync(await user.SendTextAsync("/help"));

        app.Emulator.WebhookUrl.ShouldBeNull();
        (await app.NextMessageAsync(user.ChatId)).Text.ShouldContain("/status");
        (await app.SendAsync(HttpMethod.Post, "webhook", null, rawBody: "{}")).Status.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mode_none_neither_sets_nor_deletes_the_webhook()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.None);

        (await app.GetAsync("status", "someone")).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        app.Emulator.WebhookUrl.ShouldBeNull();
        app.Emulator.GetBotCommands("default", "en").ShouldBeEmpty();
        app.Emulator.PendingUpdateCount.ShouldBe(0);
    }

    [Fact]
    public void Mapping_without_the_services_names_the_missing_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var error = Should.Throw<InvalidOperationException>(() => app.MapTelegramEndpoints());

        error.Message.ShouldContain("services.AddSnsTelegram()");
    }

    [Fact]
    public async Task The_user_id_accessor_can_be_replaced()
    {
        await using var app = await TelegramTestApp.StartAsync(TelegramUpdateMode.None);
        var accessor = app.App.Services.GetRequiredService<ITelegramUserIdAccessor>();

        accessor.GetType().Name.ShouldBe("ClaimsTelegramUserIdAccessor");
        var services = new ServiceCollection();
        services.AddSingleton<ITelegramUserIdAccessor, HeaderAccessor>();
        services.AddSnsTelegram();
        services.BuildServiceProvider().GetRequiredService<ITelegramUserIdAccessor>().ShouldBeOfType<HeaderAccessor>();
    }

    private sealed class HeaderAccessor : ITelegramUserIdAccessor
    {
        public string? GetUserId(Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Headers["X-User"];
    }
}
