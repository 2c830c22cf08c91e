namespace FleetTelematics.Api.OpenApi;

/// <summary>An RFC 9457 problem, as every 4xx and 5xx of this API writes it (application/problem+json).</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">The status code's reason phrase.</param>
/// <param name="Status">The HTTP status code, repeated.</param>
/// <param name="Detail">What went wrong, for a person; never a stack trace, SQL or connection string.</param>
/// <param name="TraceId">The W3C trace id of the request, to find it in logs and traces.</param>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string TraceId);
