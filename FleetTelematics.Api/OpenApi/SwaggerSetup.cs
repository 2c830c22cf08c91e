using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// The OpenAPI document, exact enough for generated clients: OpenAPI 3.1 (its schemas are JSON Schema 2020-12, so a
/// response body can be validated against them as they are), snake_case schemas (Swashbuckle reads the MVC JSON
/// options), required and nullable fields as on the wire, every status with its body, XML docs, and an OAuth2
/// password flow so Swagger UI's Authorize dialog logs in against the token endpoint.
/// </summary>
internal static class SwaggerSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";
    public const string SchemeName = "oauth2";
    public const string TokenUrl = "/api/v1/auth/token";
    public const OpenApiSpecVersion SpecVersion = OpenApiSpecVersion.OpenApi3_1;

    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc(DocumentName, new OpenApiInfo
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
            License = new OpenApiLicense { Name = "Proprietary: FleetTelematics internal use", Identifier = "LicenseRef-FleetTelematics-Proprietary" },
        });
        // Relative: the host that served the document, whether ./run.sh on localhost:8080, a test server on a random
        // port or a deployment behind a proxy. A fixed address would send Swagger UI's requests to the wrong place.
        options.AddServer(new OpenApiServer { Url = "/", Description = "The host serving this document" });

        var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
        if (File.Exists(xml))
        {
            // Controller summaries become the tags' descriptions.
            options.IncludeXmlComments(xml, includeControllerXmlComments: true);
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
        options.SupportNonNullableReferenceTypes();
        options.ParameterFilter<WireValuesParameterFilter>();
        options.OperationFilter<AuthorizationOperationFilter>();
        options.OperationFilter<RequestBodySchemaFilter>();
        options.OperationFilter<CachingOperationFilter>();
        options.OperationFilter<RequestHeadersOperationFilter>();
        options.OperationFilter<DatabaseUnavailableOperationFilter>();
        options.OperationFilter<ResponseHeadersOperationFilter>();
        // Last: holds every response the filters above added to the same media-type and problem rules.
        options.OperationFilter<ResponseContentOperationFilter>();
        options.DocumentFilter<WireContractDocumentFilter>();
    }

    /// <summary>How the document is served; the <c>openapi</c> verb writes it the same way.</summary>
    public static void ConfigureEndpoint(SwaggerOptions options) => options.OpenApiVersion = SpecVersion;
}
