using Microsoft.Extensions.Primitives;

namespace FleetTelematics.Api.Security;

/// <summary>
/// Adds <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c> and <c>Referrer-Policy: no-referrer</c>
/// to every response. They are set when the response starts, not when the request arrives, because the
/// exception handler clears the headers of a response it takes over; a callback registered here still runs.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues Deny = "DENY";
    private static readonly StringValues NoReferrer = "no-referrer";

    // Static with the response as state: no closure is allocated per request.
    private static readonly Func<object, Task> SetHeaders = static state =>
    {
        var headers = ((HttpResponse)state).Headers;
        headers.XContentTypeOptions = NoSniff;
        headers.XFrameOptions = Deny;
        headers["Referrer-Policy"] = NoReferrer;
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(SetHeaders, context.Response);
        return next(context);
    }
}
