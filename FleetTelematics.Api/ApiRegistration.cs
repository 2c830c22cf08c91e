using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Errors;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.Features.Dashboard;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Api.Hosting;
using FleetTelematics.Api.Http;
using FleetTelematics.Api.Json;
using FleetTelematics.Api.OpenApi;
using FleetTelematics.Api.Validation;
using FleetTelematics.Domain.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiRegistration
{
    public const string CorsPolicy = "admin-app";

    /// <summary>Registers MVC, auth, errors, OpenAPI, CORS and health checks for the admin API.</summary>
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<StartupOptions>().BindConfiguration(StartupOptions.SectionName);
        services.AddHostedService<DatabaseInitializer>();
        // After the initializer, so its first pass finds the migrated schema.
        services.AddHostedService<HistoryPartitionMaintenance>();
        services.AddGracefulShutdown();

        services.AddControllers(options =>
            {
                // Validation errors name fields as the client wrote them (snake_case), not as C# properties.
                options.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider(
                    System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
                options.ReturnHttpNotAcceptable = false;
                options.Filters.AddService<QueryAndRouteTextFilter>(QueryAndRouteTextFilter.Order);
            })
            .AddJsonOptions(options => ApiJson.Configure(options.JsonSerializerOptions));
        // Problems written outside MVC (401/403 challenges, status code pages, the exception handler) use the HTTP
        // JSON options: same escaping, so no body of this API escapes what another leaves alone.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = ApiJson.Encoder);

        services.AddSingleton<QueryAndRouteTextFilter>();
        services.AddRequestSizeLimits();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsConventions.Customize);
        services.AddExceptionHandler<ApiExceptionHandler>();

        AddAuthentication(builder);
        builder.AddTransportSecurity();
        services.AddSingleton<Swashbuckle.AspNetCore.SwaggerGen.ISerializerDataContractResolver, OptionalDataContractResolver>();
        services.AddSwaggerGen(SwaggerSetup.Configure);
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("X-Total-Count", "Link", "ETag", "X-Cache", "Age", "Location", "Retry-After")));
        services.AddFleetHealthChecks();
        builder.AddTelemetry();

        services.AddFleetResponseCaching();
        services.AddScoped<DriverQueries>();
        services.AddScoped<DriverDetailsQuery>();
        services.AddScoped<DriverCommands>();
        services.AddScoped<DashboardQueries>();
        services.AddIngestion();
        return builder;
    }

    private static void AddAuthentication(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapAdminOptions>().BindConfiguration(BootstrapAdminOptions.SectionName);
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<LoginThrottleOptions>>().Value));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserAccounts>();
        services.AddSingleton<TokenIssuer>();
        services.AddAuthHardening();

        services.AddSingleton<RememberingTokenHandler>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, RememberingTokenHandler>((bearer, jwt, handler) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(handler);
                bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(jwt.Value);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => policy.RequireRole(
                Policies.RoleName(UserRole.Admin), Policies.RoleName(UserRole.Viewer)))
            .AddPolicy(Policies.Write, policy => policy.RequireRole(Policies.RoleName(UserRole.Admin)))
            .AddPolicy(Policies.Ingest, policy => policy.RequireRole(
                Policies.RoleName(UserRole.Ingest), Policies.RoleName(UserRole.Admin)));
    }

    /// <summary>The request pipeline: transport security, errors, then CORS, auth, and the endpoints.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseTransportSecurity();
        app.UseDrainingConnections();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();

        if (app.Configuration.GetValue("Swagger:Enabled", app.Environment.IsDevelopment()))
        {
            app.UseSwagger(SwaggerSetup.ConfigureEndpoint);
            app.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint(SwaggerSetup.DocumentPath, "FleetTelematics admin API v1");
                options.DocumentTitle = "FleetTelematics admin API";
                options.EnableTryItOutByDefault();
            });
        }

        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<LocalCopyMiddleware>();
        app.MapFleetHealthChecks();
        app.MapTelemetry();
        app.MapControllers();
        return app;
    }
}
