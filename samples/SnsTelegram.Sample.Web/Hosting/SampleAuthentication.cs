using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SnsTelegram.Sample.Web.Sns;

namespace SnsTelegram.Sample.Web.Hosting;

/// <summary>JWT bearer authentication (HS256) from <c>Jwt:SigningKey</c>, <c>Jwt:Issuer</c>, <c>Jwt:Audience</c>; the user id is <c>sub</c>.</summary>
public static partial class SampleAuthentication
{
    private const int MinKeyBytes = 32;

    /// <summary>Adds JWT bearer authentication. Outside Development a signing key of at least 32 bytes is required.</summary>
    public static WebApplicationBuilder AddSampleAuthentication(this WebApplicationBuilder builder)
    {
        var settings = JwtSettings.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false; // keep "sub" as "sub"
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = JwtRegisteredClaimNames.Sub,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(
                        new SampleJson.ErrorBody("error", "A valid bearer token is required (Authorization: Bearer <jwt>)."), SampleJson.Options);
                },
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Maps <c>POST /dev/token</c> <c>{"user":"alice"}</c>, which signs a token for any user: Development only. With
    /// <c>"operator":true</c> the token also carries the claim <c>role=operator</c> that the operator's API asks for.
    /// </summary>
    public static IEndpointRouteBuilder MapDevTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/token", async (HttpContext http, JwtSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var (body, error) = await JsonBody.ReadObjectAsync(http, ["user", "operator"], cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (!SnsEndpoints.TryGetString(body, "user", out var user) || !UserNameRegex().IsMatch(user))
            {
                return SampleJson.Error(StatusCodes.Status400BadRequest, "user must have 1 to 64 characters of A-Za-z0-9_.@-.");
            }

            var isOperator = false;
            if (body.TryGetProperty("operator", out var operatorField))
            {
                if (operatorField.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return SampleJson.Error(StatusCodes.Status400BadRequest, "operator must be true or false.");
                }

                isOperator = operatorField.GetBoolean();
            }

            var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, user) };
            if (isOperator)
            {
                claims.Add(new Claim(OperatorClaim.Type, OperatorClaim.Value));
            }

            var now = time.GetUtcNow();
            var expires = now.AddHours(12);
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Subject = new ClaimsIdentity(claims),
                Issuer = settings.Issuer,
                Audience = settings.Audience,
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = expires.UtcDateTime,
                SigningCredentials = new SigningCredentials(settings.Key, SecurityAlgorithms.HmacSha256),
            });
            return SampleJson.Ok(new { status = "success", token, user, @operator = isOperator, expires_at = expires });
        }).AllowAnonymous().WithTags("Development");
        return app;
    }

    /// <summary>The claim the operator's API asks for (<c>role=operator</c>).</summary>
    public static class OperatorClaim
    {
        /// <summary>The claim type.</summary>
        public const string Type = "role";

        /// <summary>The claim value.</summary>
        public const string Value = "operator";
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex UserNameRegex();

    /// <summary>The validated JWT settings.</summary>
    public sealed record JwtSettings(string Issuer, string Audience, SymmetricSecurityKey Key, bool Generated)
    {
        /// <summary>Reads <c>Jwt:*</c>; in Development a missing key is generated for this run only.</summary>
        public static JwtSettings From(IConfiguration configuration, IHostEnvironment environment)
        {
            var issuer = configuration["Jwt:Issuer"] is { Length: > 0 } i ? i : "snstelegram-sample";
            var audience = configuration["Jwt:Audience"] is { Length: > 0 } a ? a : "snstelegram-sample";
            var configured = configuration["Jwt:SigningKey"];
            if (!string.IsNullOrEmpty(configured))
            {
                var bytes = Encoding.UTF8.GetBytes(configured);
                if (bytes.Length < MinKeyBytes)
                {
                    throw new InvalidOperationException($"Jwt:SigningKey must be at least {MinKeyBytes} bytes for HS256.");
                }

                return new JwtSettings(issuer, audience, new SymmetricSecurityKey(bytes), Generated: false);
            }

            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Jwt:SigningKey is required outside Development (at least {MinKeyBytes} bytes; set it with the Jwt__SigningKey environment variable).");
            }

            return new JwtSettings(issuer, audience, new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinKeyBytes)), Generated: true);
        }
    }
}
