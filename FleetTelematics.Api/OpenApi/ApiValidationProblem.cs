namespace FleetTelematics.Api.OpenApi;

/// <summary>A 400 problem that names the fields it refuses, each with its messages.</summary>
/// <param name="Type">A URI naming the kind of problem.</param>
/// <param name="Title">The status code's reason phrase.</param>
/// <param name="Status">Always 400.</param>
/// <param name="Detail">Every message of <c>errors</c>, in one sentence.</param>
/// <param name="TraceId">The W3C trace id of the request, to find it in logs and traces.</param>
/// <param name="Errors">Field name (as the client wrote it: snake_case, <c>$</c> for the whole body) to its messages.</param>
public sealed record ApiValidationProblem(
    string Type, string Title, int Status, string Detail, string TraceId, IReadOnlyDictionary<string, string[]> Errors);
