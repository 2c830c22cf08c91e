using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// The OpenAPI document: snake_case schemas (Swashbuckle reads the MVC JSON options), XML docs, and an OAuth2
/// password flow so Swagger UI's Authorize dialog logs in against the token endpoint.
/// </summary>
internal static class SwaggerSetup
{
    public const string SchemeName = "oauth2";
    public const string TokenUrl = "/api/v1/auth/token";

    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "FleetTelematics admin API",
            Version = "v1",
            Description =
                "Admin API for fleet managers: drivers, trips, safety events and risk. JSON is snake_case; every " +
                "error is application/problem+json with type, title, status, detail and trace_id. Cached GETs answer " +
                "with X-Cache (HIT, MISS, BYPASS or STALE), a strong ETag and Cache-Control: private, no-cache; send " +
                "If-None-Match to get 304. When PostgreSQL cannot answer, every operation answers 503 with Retry-After, " +
                "except that a cached read may serve an entry that only aged out (X-Cache: STALE, with its true Age). " +
                "\"Today\" and day windows are UTC days; a window of N days ends with today.",
        });

        var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
        if (File.Exists(xml))
        {
            options.IncludeXmlComments(xml);
        }

        options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Log in with a username and password (OAuth2 password grant); the token is sent as a bearer token.",
            Flows = new OpenApiOAuthFlows
            {
                Password = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenUrl, UriKind.Relative) },
            },
        });
        options.OperationFilter<AuthorizationOperationFilter>();
        options.OperationFilter<RequestBodySchemaFilter>();
        options.OperationFilter<CachingOperationFilter>();
        options.OperationFilter<DatabaseUnavailableOperationFilter>();
        options.SupportNonNullableReferenceTypes();
    }
}
