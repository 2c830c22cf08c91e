using System.Diagnostics;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Gives every problem response the same shape: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and a
/// snake_case <c>trace_id</c> (the framework's default extension is camelCase <c>traceId</c>).
/// </summary>
internal static class ProblemDetailsConventions
{
    private static readonly Dictionary<int, string> Details = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is not valid.",
        [StatusCodes.Status401Unauthorized] = "A valid bearer token is required.",
        [StatusCodes.Status403Forbidden] = "Your role does not allow this operation.",
        [StatusCodes.Status404NotFound] = "The resource does not exist.",
        [StatusCodes.Status405MethodNotAllowed] = "The method is not allowed on this resource.",
        [StatusCodes.Status406NotAcceptable] = "The requested media type is not available.",
        [StatusCodes.Status409Conflict] = "The request conflicts with the current state of the resource.",
        [StatusCodes.Status412PreconditionFailed] = "The resource has changed since the given ETag.",
        [StatusCodes.Status413PayloadTooLarge] = "The request body is too large.",
        [StatusCodes.Status415UnsupportedMediaType] = "The request's content type is not supported.",
        [StatusCodes.Status429TooManyRequests] = "Too many requests; retry later.",
        [StatusCodes.Status500InternalServerError] = "An unexpected error occurred.",
        [StatusCodes.Status503ServiceUnavailable] = "The service is temporarily unavailable.",
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Type ??= $"https://httpstatuses.io/{status}";
        problem.Title ??= ReasonPhrases(status);
        problem.Detail ??= Details.GetValueOrDefault(status, problem.Title);
        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
