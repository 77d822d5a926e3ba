using System.Text.Json;

namespace SnsTelegram.Sample.Web.Sns;

/// <summary>The sample's JSON: snake_case, like the library's wire format, and its error envelope.</summary>
public static class SampleJson
{
    /// <summary>The serializer options of the sample's own endpoints.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A 200 with a snake_case body.</summary>
    public static IResult Ok(object body) => Results.Json(body, Options);

    /// <summary>A status with a snake_case body.</summary>
    public static IResult Status(object body, int statusCode) => Results.Json(body, Options, statusCode: statusCode);

    /// <summary>The error envelope <c>{"status":"error","message":...}</c> with a status code.</summary>
    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorBody("error", message), Options, statusCode: statusCode);

    /// <summary>The error envelope.</summary>
    public sealed record ErrorBody(string Status, string Message);
}
