using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SnsTelegram.Sdk.IntegrationTests.Docs;

/// <summary>The usage example of README.md, compiled and run by <see cref="ReadmeExampleTests"/>.</summary>
internal static class ReadmeExample
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // readme:start
        builder.Services.AddAuthentication().AddJwtBearer();
        builder.Services.AddAuthorization();
        builder.Services.AddSnsTelegram(builder.Configuration.GetSection("SnsTelegram"))
            .UseSqlite(builder.Configuration.GetConnectionString("SnsTelegram"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTelegramEndpoints("/api/telegram").RequireAuthorization();   // the webhook stays anonymous

        // wherever your scheduler publishes a post:
        app.MapPost("/posts/{id}/published", async (string id, string userId, ISnsTelegramNotifier notifier) =>
        {
            var result = await notifier.NotifyAsync(new PostPublished(userId, SnsPlatform.Instagram,
                "New summer collection", $"https://www.instagram.com/p/{id}/", Likes: 1234, Comments: 56)
            { PostId = id });
            return Results.Ok(result.Status.ToString());   // Queued: delivery happens in the background
        });
        // readme:end
        return app;
    }
}
