using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sample.Web.Hosting;

namespace SnsTelegram.Sample.Tests;

/// <summary>The sample's own endpoints follow the library's input rules: unreadable strings, bad user ids and unknown fields get a clear 4xx.</summary>
public sealed class SampleBadInputTests(SampleAppFactory factory) : IClassFixture<SampleAppFactory>
{
    private static readonly string[] Kinds = ["invalid_utf8", "encoded_surrogate", "lone_high_escape", "lone_low_escape", "nul_escape", "bell_escape", "invalid_utf8_name"];

    public static TheoryData<string, string> UnreadableBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { "/api/posts", "/api/automations" })
        {
            foreach (var kind in Kinds)
            {
                data.Add(path, kind);
            }
        }

        return data;
    }

    /// <summary>A valid body of <paramref name="path"/> whose name or text field holds the bad string of <paramref name="kind"/>.</summary>
    private static byte[] Body(string path, string kind)
    {
        var (prefix, suffix) = path == "/api/posts"
            ? ("{\"platform\":\"instagram\",\"text\":\"", "\"}")
            : ("{\"platforms\":[\"instagram\"],\"cron\":\"0 9 * * *\",\"name\":\"", "\"}");
        byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
        return kind switch
        {
            "invalid_utf8" => [.. Ascii(prefix), 0xFF, 0xFE, 0x41, .. Ascii(suffix)],
            "encoded_surrogate" => [.. Ascii(prefix), 0xED, 0xA0, 0x80, .. Ascii(suffix)],
            "lone_high_escape" => Ascii(prefix + "hi \\ud800" + suffix),
            "lone_low_escape" => Ascii(prefix + "\\udfff there" + suffix),
            "nul_escape" => Ascii(prefix + "a\\u0000b" + suffix),
            "bell_escape" => Ascii(prefix + "ring\\u0007" + suffix),
            "invalid_utf8_name" => [.. Ascii(prefix + "ok\",\""), 0xFF, .. Ascii("\":\"x\"}")],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private HttpClient ClientFor(string sub)
    {
        var settings = factory.Services.GetRequiredService<SampleAuthentication.JwtSettings>();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, sub)]),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
        });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("error");
        return body.RootElement.GetProperty("message").GetString().ShouldNotBeNull();
    }

    private static async Task<int> CountAsync(HttpClient client, string path)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync(path));
        return body.RootElement.GetProperty(path == "/api/posts" ? "posts" : "automations").GetArrayLength();
    }

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task A_string_that_is_not_valid_text_gets_400_and_creates_nothing(string path, string kind)
    {
        var client = await factory.SignedInClientAsync("text-" + kind);
        using var content = new ByteArrayContent(Body(path, kind));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(path, content);

        (await ShouldBeErrorAsync(response, HttpStatusCode.BadRequest)).ShouldContain("UTF-8");
        (await CountAsync(client, path)).ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\u3000")]
    public async Task An_empty_or_whitespace_sub_is_not_signed_in_and_creates_nothing(string sub)
    {
        var client = ClientFor(sub);

        using var post = await client.PostAsync("/api/posts", new StringContent("""{"platform":"instagram","text":"hello"}""", Encoding.UTF8, "application/json"));
        using var rule = await client.PostAsync("/api/automations", new StringContent("""{"name":"n","platforms":["instagram"],"cron":"0 9 * * *"}""", Encoding.UTF8, "application/json"));
        using var list = await client.GetAsync("/api/posts");

        await ShouldBeErrorAsync(post, HttpStatusCode.Unauthorized);
        await ShouldBeErrorAsync(rule, HttpStatusCode.Unauthorized);
        await ShouldBeErrorAsync(list, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(129, "at most 128 characters")]
    [InlineData(0, "control characters")]
    public async Task A_sub_over_the_limit_or_with_control_characters_gets_400_naming_the_rule(int length, string mention)
    {
        var client = ClientFor(length > 0 ? new string('u', length) : "alice\u0001");

        using var post = await client.PostAsync("/api/posts", new StringContent("""{"platform":"instagram","text":"hello"}""", Encoding.UTF8, "application/json"));
        using var list = await client.GetAsync("/api/automations");

        (await ShouldBeErrorAsync(post, HttpStatusCode.BadRequest)).ShouldContain(mention);
        (await ShouldBeErrorAsync(list, HttpStatusCode.BadRequest)).ShouldContain(mention);
    }

    [Fact]
    public async Task An_unknown_field_is_refused_everywhere_a_body_is_read()
    {
        var client = await factory.SignedInClientAsync("fields-user");

        using var post = await client.PostAsync("/api/posts", new StringContent("""{"platform":"instagram","text":"hello","user_id":"victim"}""", Encoding.UTF8, "application/json"));
        using var rule = await client.PostAsync("/api/automations", new StringContent("""{"name":"n","platforms":["instagram"],"cron":"0 9 * * *","owner":"victim"}""", Encoding.UTF8, "application/json"));
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/posts") { Content = new StringContent("""{"user_id":"victim"}""", Encoding.UTF8, "application/json") };
        using var listed = await client.SendAsync(list);

        (await ShouldBeErrorAsync(post, HttpStatusCode.BadRequest)).ShouldContain("platform, text, scheduled_at");
        (await ShouldBeErrorAsync(rule, HttpStatusCode.BadRequest)).ShouldContain("name, platforms, cron, time_zone");
        (await ShouldBeErrorAsync(listed, HttpStatusCode.BadRequest)).ShouldContain("no request body");
        (await CountAsync(client, "/api/posts")).ShouldBe(0);
    }

    [Fact]
    public async Task Tabs_and_line_breaks_in_a_post_are_kept_as_text()
    {
        var client = await factory.SignedInClientAsync("tabs-user");

        using var post = await client.PostAsync("/api/posts", new StringContent("{\"platform\":\"instagram\",\"text\":\"line one\\n\\tline two\"}", Encoding.UTF8, "application/json"));

        post.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
