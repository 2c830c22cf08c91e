namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>Headers for the tour's requests, sent as they are (an ETag is not re-parsed on the way).</summary>
internal static class RequestHeaders
{
    public static HttpRequestMessage With(this HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
