using System.Globalization;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Turns exceptions into problem responses. Client faults that surface as exceptions (an oversized or broken
/// body) keep their 4xx status; a database that cannot answer is a 503 with <c>Retry-After</c>; anything else is a
/// 500 whose body names no internals.
/// </summary>
internal sealed partial class ApiExceptionHandler(
    IProblemDetailsService problems,
    DatabaseOutages outages,
    ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client is asked to wait after a 503: about what a database restart or failover takes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => 499,
            _ when outages.TryRecord(exception) => StatusCodes.Status503ServiceUnavailable,
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
        var problem = new ProblemDetails { Status = status };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            problem.Detail = $"The database is not answering; retry in {(int)RetryAfter.TotalSeconds} seconds.";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
