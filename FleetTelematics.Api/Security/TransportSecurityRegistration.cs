using FleetTelematics.Api.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What every response says about itself (security headers, no <c>Server</c> header) and what a deployment behind
/// TLS and proxies switches on: forwarded headers, HSTS and HTTPS redirection.
/// </summary>
public static class TransportSecurityRegistration
{
    public static IHostApplicationBuilder AddTransportSecurity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Naming the server and its version helps nobody but someone matching it against known vulnerabilities.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

        services.AddOptions<TransportSecurityOptions>().BindConfiguration(TransportSecurityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
            // Only the proxies configured: the framework's default (loopback) would trust any local process.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in settings.Value.ProxyAddresses())
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in settings.Value.ProxyNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        services.AddOptions<HstsOptions>().Configure<IOptions<TransportSecurityOptions>>((hsts, security) =>
        {
            hsts.MaxAge = security.Value.HstsMaxAge;
            hsts.IncludeSubDomains = security.Value.HstsIncludeSubDomains;
        });
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<TransportSecurityOptions>>((redirect, security) =>
            redirect.HttpsPort = security.Value.HttpsPort);
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the security headers (so every response gets them), then forwarded headers (so
    /// everything after sees the real client address and scheme), then HSTS and HTTPS redirection when switched on.
    /// </summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeadersMiddleware>();

        // Reading the values here also validates them, so a malformed proxy address stops the start-up.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        var security = app.Services.GetRequiredService<IOptions<TransportSecurityOptions>>().Value;
        if (security.Hsts)
        {
            app.UseHsts();
        }

        if (security.HttpsRedirection)
        {
            app.UseHttpsRedirection();
        }

        return app;
    }
}
