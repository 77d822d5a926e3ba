using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SnsTelegram.Sdk.Operations.Events;

namespace SnsTelegram.Sdk.IntegrationTests.Docs;

/// <summary>The in-code handler of docs/events.md (quoted by DocsSnippetTests).</summary>
internal static class EventsHandlerExample
{
    public static void Register(WebApplicationBuilder builder)
    {
        // <register>
        builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
            .UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"))
            .AddEventHandler<BlockedUsers>();
        // </register>
    }
}

/// <summary>The app's own users, as the example sees them.</summary>
internal interface IUserDirectory
{
    Task MarkTelegramBlockedAsync(string userId, CancellationToken cancellationToken);
}

// <handler>
internal sealed class BlockedUsers(IUserDirectory users) : ISnsTelegramEventHandler
{
    public async ValueTask HandleAsync(SnsTelegramEvent e, CancellationToken cancellationToken)
    {
        if (e.Type == SnsTelegramEventTypes.LinkDisabled && e.Reason == "bot_blocked")
        {
            await users.MarkTelegramBlockedAsync(e.UserId, cancellationToken);
        }
    }
}

// </handler>
