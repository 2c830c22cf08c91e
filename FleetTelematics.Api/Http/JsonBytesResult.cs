using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Http;

/// <summary>Writes already-serialized JSON bytes with a status code: no second serialization.</summary>
public sealed class JsonBytesResult(byte[] body, int statusCode = StatusCodes.Status200OK) : IActionResult, IStatusCodeActionResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public byte[] Body { get; } = body;

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeActionResult.StatusCode => StatusCode;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body, context.HttpContext.RequestAborted).AsTask();
    }
}
