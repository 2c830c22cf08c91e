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

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new BadHttpRequestException(
                $"The request body is larger than {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        return next(context);
    }
}
