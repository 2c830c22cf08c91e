using FleetTelematics.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FleetTelematics.Api.Validation;

/// <summary>
/// Judges every query and route value before an action, the cache or the database sees it: control characters (NUL
/// above all), lone surrogates and overlong values answer 400 naming the parameter. It runs first among the resource
/// filters, after authorization, so an anonymous caller still gets its 401 and the cache never keys on such a value.
/// </summary>
public sealed class QueryAndRouteTextFilter(ProblemDetailsFactory problems) : IResourceFilter
{
    /// <summary>No query value of this API is legitimately longer (a search is at most 100 characters).</summary>
    public const int MaxValueLength = 1000;

    /// <summary>Before the response cache filter, whose order is the default 0.</summary>
    public const int Order = int.MinValue;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (ErrorsIn(context.HttpContext.Request) is { } errors)
        {
            var problem = problems.CreateValidationProblemDetails(context.HttpContext, ToModelState(errors),
                StatusCodes.Status400BadRequest, detail: string.Join(" ", errors.Values.SelectMany(m => m)));
            context.Result = new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    /// <summary>Whether this filter would let the request through: used where a response is served before MVC runs.</summary>
    public static bool Admits(HttpRequest request) => ErrorsIn(request) is null;

    private static Dictionary<string, string[]>? ErrorsIn(HttpRequest request)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var (name, values) in request.Query)
        {
            foreach (var value in values)
            {
                Judge(ref errors, name, value);
            }
        }

        foreach (var (name, value) in request.RouteValues)
        {
            Judge(ref errors, name, value as string);
        }

        return errors;
    }

    private static void Judge(ref Dictionary<string, string[]>? errors, string name, string? value)
    {
        if (!TextRules.IsClean(name) || name.Length > 100)
        {
            // The name is client text too: it is not echoed back when it is not clean itself.
            (errors ??= [])["query"] = ["Query parameter names must be printable text of at most 100 characters."];
        }
        else if (value is not null && !TextRules.IsClean(value))
        {
            (errors ??= [])[name] = [TextRules.Describe(name)];
        }
        else if (value?.Length > MaxValueLength)
        {
            (errors ??= [])[name] = [$"{name} must have at most {MaxValueLength} characters."];
        }
    }

    private static ModelStateDictionary ToModelState(Dictionary<string, string[]> errors)
    {
        var state = new ModelStateDictionary();
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                state.AddModelError(field, message);
            }
        }

        return state;
    }
}
