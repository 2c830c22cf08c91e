using Microsoft.AspNetCore.Http.Features;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Rejects bodies over the configured limit with 413 before anything reads them. Kestrel enforces the same
/// limit on chunked bodies through <see cref="IHttpMaxRequestBodySizeFeature"/>; declared lengths are refused here
/// so every host (the test server included) answers the same way.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>A telemetry batch of 5,000 records with every field at its longest stays well under this.</summary>
    public const long MaxIngestBodyBytes = 4 * 1024 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var max = context.Request.Path.StartsWithSegments("/api/v1/ingest", StringComparison.OrdinalIgnoreCase) ? MaxIngestBodyBytes : MaxBodyBytes;
        if (context.Request.ContentLength > max)
        {
            throw new BadHttpRequestException(
                $"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        return next(context);
    }
}
