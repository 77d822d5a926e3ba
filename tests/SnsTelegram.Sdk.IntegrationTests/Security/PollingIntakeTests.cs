using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.IntegrationTests.Security;

/// <summary>Long polling follows the webhook's rules: an update the bot cannot read is kept and confirmed, and does not stall the ones after it.</summary>
public sealed class PollingIntakeTests : IAsyncLifetime
{
    private TelegramTestApp _app = null!;

    public async Task InitializeAsync() => _app = await TelegramTestApp.StartAsync(TelegramUpdateMode.Polling);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_unreadable_update_in_a_batch_is_kept_and_the_updates_after_it_are_handled()
    {
        var user = _app.CreateUser();
        var first = await user.SendTextAsync("/help");

        // the emulator numbers updates in order: the raw one gets the next id, and carries it
        var badId = first + 1;
        var bad = await _app.Emulator.SendRawUpdateAsync(
            $$"""{"update_id":{{badId}},"message":{"message_id":2,"date":1099511627776,"chat":{"id":{{user.Id}},"type":"private"},"text":"/help"} }""");
        var last = await user.SendTextAsync("/status");
        bad.ShouldBe(badId);

        await _app.DeliveredAsync(last);

        var kept = (await _app.App.Services.GetRequiredService<IProcessedUpdateStore>().GetUnreadableAsync(10)).ShouldHaveSingleItem();
        kept.UpdateId.ShouldBe(badId);
        kept.Source.ShouldBe("polling");
        kept.Body.ShouldContain("1099511627776");
        (await _app.NextMessageAsync(user.Id)).Text.ShouldContain("Commands");
        (await _app.NextMessageAsync(user.Id)).Text.ShouldContain("not linked");
    }
}
