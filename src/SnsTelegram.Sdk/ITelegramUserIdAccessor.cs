using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace SnsTelegram.Sdk;

/// <summary>
/// Tells the Telegram endpoints who the signed-in user is. The default reads the <c>sub</c> claim, else
/// <see cref="ClaimTypes.NameIdentifier"/>, of an authenticated user. Register your own implementation before
/// <c>AddSnsTelegram</c> (or replace the registration) to use another claim or a lookup.
/// </summary>
public interface ITelegramUserIdAccessor
{
    /// <summary>
    /// The app's id of the signed-in user, or null when the request is not from a signed-in user. The endpoints answer 401
    /// for null, empty or whitespace, and 400 for an id that breaks <see cref="SnsUserId"/>'s rule (over
    /// <see cref="SnsUserId.MaxLength"/> characters, control characters, a lone surrogate).
    /// </summary>
    string? GetUserId(HttpContext context);
}
