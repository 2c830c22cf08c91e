namespace FleetTelematics.Api.Http;

/// <summary>
/// The <c>If-Match</c> of a write. When present, the write applies only to the version it names (412 otherwise); when
/// absent, the client asked for no check, so the write applies to whatever version is current.
/// </summary>
public sealed class IfMatchPrecondition
{
    private readonly HttpRequest _request;

    private IfMatchPrecondition(HttpRequest request) => _request = request;

    public bool IsPresent => _request.Headers.IfMatch.Count > 0;

    public static IfMatchPrecondition Of(HttpRequest request) => new(request);

    public bool IsSatisfiedBy(string etag) => EntityTag.SatisfiesIfMatch(_request, etag);
}
