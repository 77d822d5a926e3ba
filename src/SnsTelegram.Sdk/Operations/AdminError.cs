using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SnsTelegram.Sdk.Operations;

/// <summary>The error envelope of the admin endpoints, the same as the account endpoints': <c>{"status":"error","message":"..."}</c>.</summary>
internal sealed record AdminError(string Message)
{
    public string Status { get; init; } = "error";

    public static JsonHttpResult<AdminError> Result(int statusCode, string message) =>
        TypedResults.Json(new AdminError(message), AdminWireContext.Default.AdminError, statusCode: statusCode);
}
