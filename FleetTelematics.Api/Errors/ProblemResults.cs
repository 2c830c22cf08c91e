using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Errors;

/// <summary>Problem responses the controllers return for domain outcomes (not found, conflict, stale ETag).</summary>
internal static class ProblemResults
{
    public static ObjectResult Problem(int status, string detail) => new(new ProblemDetails { Status = status, Detail = detail })
    {
        StatusCode = status,
        ContentTypes = { "application/problem+json" },
    };

    public static ObjectResult Validation(string field, string message) =>
        new(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };
}
