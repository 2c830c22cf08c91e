using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Errors;

/// <summary>
/// Problem responses for domain outcomes (not found, conflict, stale ETag, throttled). They go through the
/// framework's <c>ProblemDetailsFactory</c> so they carry the same type, title and trace_id as every other error.
/// </summary>
internal static class ProblemResults
{
    public static ObjectResult ProblemResponse(this ControllerBase controller, int status, string detail) =>
        controller.Problem(detail: detail, statusCode: status);

    public static ActionResult ValidationResponse(this ControllerBase controller, IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                controller.ModelState.AddModelError(field, message);
            }
        }

        return controller.ValidationProblem(detail: string.Join(" ", errors.Values.SelectMany(m => m)),
            modelStateDictionary: controller.ModelState);
    }
}
