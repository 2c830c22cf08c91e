using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Turns exceptions into problem responses. Client faults that surface as exceptions (an oversized or broken
/// body) keep their 4xx status; anything else is a 500 whose body names no internals.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => 499,
            _ => StatusCodes.Status500InternalServerError,
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        if (status == 499 || context.Response.HasStarted)
        {
            return true;
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status },
            Exception = exception,
        });
    }
}
