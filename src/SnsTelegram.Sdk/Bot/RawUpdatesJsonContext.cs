using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SnsTelegram.Sdk.Bot;

/// <summary>
/// The JSON metadata of <see cref="RawUpdatesRequest"/>'s answer. When reflection-based JSON is off (a trimmed or
/// NativeAOT app), Telegram.Bot reads every answer through <see cref="JsonBotAPI.Options"/>, whose resolver chain then
/// holds only Telegram.Bot's own source-generated context, which knows no <c>ApiResponse&lt;JsonElement[]&gt;</c>:
/// this context is added to that chain, as Telegram.Bot adds its own, before the options are first used.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiResponse<JsonElement[]>))]
internal sealed partial class RawUpdatesJsonContext : JsonSerializerContext
{
    private static readonly Lock Gate = new();

    /// <summary>
    /// Adds this context to Telegram.Bot's options when reflection-based JSON is off. Called when the library is
    /// registered, before any request; options that were already used are read-only, and then polling reports the failure.
    /// </summary>
    public static void AddToBotApiOptions()
    {
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            return; // Telegram.Bot's options then read any type by reflection
        }

        lock (Gate)
        {
            var options = JsonBotAPI.Options;
            if (!options.IsReadOnly && !options.TypeInfoResolverChain.Contains(Default))
            {
                options.TypeInfoResolverChain.Add(Default);
            }
        }
    }
}
