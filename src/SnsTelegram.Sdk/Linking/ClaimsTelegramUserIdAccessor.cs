using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace SnsTelegram.Sdk.Linking;

/// <summary>The default accessor: the <c>sub</c> claim, else the name identifier, of an authenticated identity.</summary>
internal sealed class ClaimsTelegramUserIdAccessor : ITelegramUserIdAccessor
{
    public string? GetUserId(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var id = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }
}
