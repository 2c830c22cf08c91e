using FleetTelematics.Api.Json;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Http;

/// <summary>
/// A JSON body serialized once, with the ETag of those exact bytes. Lets an action answer 304 without a body and
/// guarantees the ETag describes what is sent.
/// </summary>
public sealed class JsonRepresentation
{
    private JsonRepresentation(byte[] body) => (Body, ETag) = (body, EntityTag.FromBody(body));

    public byte[] Body { get; }

    public string ETag { get; }

    public static JsonRepresentation Of<T>(T value) =>
        new(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options));

    /// <summary>200 with the body and ETag, or 304 when the request already holds this version.</summary>
    public IActionResult ToResult(HttpContext context, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ETag = ETag;
        if (status == StatusCodes.Status200OK && EntityTag.MatchesIfNoneMatch(context.Request, ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new JsonBytesResult(Body, status);
    }
}
