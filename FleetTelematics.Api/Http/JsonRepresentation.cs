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

    /// <summary>200 (or <paramref name="status"/>) with the body and ETag, or 304 when the request already holds this version.</summary>
    public IActionResult ToResult(int status = StatusCodes.Status200OK) =>
        new RepresentationResult(Body, RepresentationResult.JsonContentType, ETag, status);
}
