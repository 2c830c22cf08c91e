using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Http;

/// <summary>
/// The one writer of an already-serialized representation: its bytes, its strong ETag, and 304 instead of the body
/// when a 200's If-None-Match already names that ETag. Cached and uncached answers both go through it.
/// </summary>
public sealed class RepresentationResult(ReadOnlyMemory<byte> body, string contentType, string etag, int statusCode = StatusCodes.Status200OK)
    : IActionResult, IStatusCodeActionResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => statusCode;

    public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, body, contentType, etag, statusCode);

    public static Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body, string contentType, string etag, int statusCode)
    {
        var response = context.Response;
        response.Headers.ETag = etag;
        if (statusCode == StatusCodes.Status200OK && EntityTag.MatchesIfNoneMatch(context.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
