using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FleetTelematics.Api.Http;

/// <summary>
/// Kestrel's limits on the request line and headers. Kestrel answers requests over them itself, with a bare 414 or 431
/// that no problem body can reach, so the limits sit above anything a real client of this API sends (a list URL with
/// thousands of parameters, a 40 kB header) and those requests get the application's own, explained answers.
/// </summary>
internal static class RequestSizeLimits
{
    public const int MaxRequestLineBytes = 32 * 1024;
    public const int MaxHeaderBytes = 64 * 1024;

    public static IServiceCollection AddRequestSizeLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
        });
}
