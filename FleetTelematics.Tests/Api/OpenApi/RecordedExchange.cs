namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>One real request and its answer, named by the operation it was sent to.</summary>
public sealed record RecordedExchange(
    string OperationId,
    string Request,
    int Status,
    string? MediaType,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public static async Task<RecordedExchange> RecordAsync(string operationId, HttpResponseMessage response)
    {
        var request = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        return new RecordedExchange(operationId, request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            headers, await response.Content.ReadAsStringAsync());
    }

    public override string ToString() => $"{OperationId} ({Request}) → {Status}";
}
