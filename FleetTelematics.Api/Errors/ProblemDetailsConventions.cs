using System.Diagnostics;
using System.Text.RegularExpressions;
using FleetTelematics.Api.Json;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Gives every problem response the same shape: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and a
/// snake_case <c>trace_id</c> (the framework's default extension is camelCase <c>traceId</c>); a validation problem's
/// <c>errors</c> are keyed by field as the client wrote it, and its detail, unless given, is their messages.
/// </summary>
internal static partial class ProblemDetailsConventions
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
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            NameFieldsAsWritten(validation.Errors);
            if (problem.Detail is null || ForClients(problem.Detail) != problem.Detail)
            {
                problem.Detail = string.Join(" ", validation.Errors.Values.SelectMany(messages => messages));
            }
        }

        problem.Detail ??= Details.GetValueOrDefault(status, problem.Title);
        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }

    /// <summary>
    /// System.Text.Json reports a body field by its JSON path (<c>$.city</c>); the errors name it as the client wrote
    /// it (<c>city</c>), as the API's own validation does.
    /// </summary>
    private static void NameFieldsAsWritten(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.Where(key => !key.StartsWith('$')).ToList())
        {
            errors[key] = errors[key].Select(ForClients).ToArray();
        }

        foreach (var path in errors.Keys.Where(key => key.StartsWith('$')).ToList())
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? JsonPaths.FieldOf(path) : path;
            var messages = errors[path].Select(ForClients).ToArray();
            errors.Remove(path);
            errors[field] = [.. errors.TryGetValue(field, out var existing) ? existing : [], .. messages];
        }
    }

    /// <summary>
    /// System.Text.Json's own messages name .NET types and members; a client is told what it sent wrong, in its terms.
    /// </summary>
    private static string ForClients(string message)
    {
        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            return $"{unmapped.Groups[1].Value} is not a field of this request.";
        }

        if (DuplicateMember().Match(message) is { Success: true } duplicate)
        {
            return $"{duplicate.Groups[1].Value} appears more than once; send each field once.";
        }

        if (!NamesInternals().IsMatch(message))
        {
            return message;
        }

        // A path below the root ("$.city") means one value is wrong; at the root, the body is not the expected object.
        var atRoot = !message.Contains("Path: $.", StringComparison.Ordinal);
        return atRoot
            ? "The body must be a JSON object of this request's fields."
            : "The body is not valid JSON for this request (a value of the wrong type, or broken syntax).";
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("Duplicate property '([^']*)' encountered")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex(@"FleetTelematics\.|System\.|\.NET")]
    private static partial Regex NamesInternals();

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
