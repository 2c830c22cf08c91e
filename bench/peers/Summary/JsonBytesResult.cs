using FleetTelematics.Api.Http;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>Writes serialized JSON as it is, with the API's content type: no serializer on the hit path.</summary>
public sealed class JsonBytesResult(byte[] body) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.ContentType = RepresentationResult.JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
