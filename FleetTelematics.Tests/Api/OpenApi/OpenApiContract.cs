using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>
/// Judges real responses by the OpenAPI document the API itself serves: the status must be listed for the operation,
/// the body must be one of the listed media types and validate against its schema (JSON Schema 2020-12, as OpenAPI
/// 3.1 defines it, formats included), and every required header must be there with a value its schema allows.
/// </summary>
public sealed partial class OpenApiContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private readonly JsonObject _components;
    private readonly Dictionary<string, (string Method, string Path, JsonObject Operation)> _operations = [];

    public OpenApiContract(JsonNode document)
    {
        _components = document["components"]!["schemas"]!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                _operations[operation!["operationId"]!.GetValue<string>()] = (method, path, operation.AsObject());
            }
        }
    }

    /// <summary>Every operation id with every status it documents.</summary>
    public IEnumerable<(string OperationId, int Status)> DocumentedResponses =>
        _operations.SelectMany(o => o.Value.Operation["responses"]!.AsObject()
            .Select(r => (o.Key, int.Parse(r.Key, CultureInfo.InvariantCulture))));

    /// <summary>What is wrong with the exchange by the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Violations(RecordedExchange exchange)
    {
        var problems = new List<string>();
        if (!_operations.TryGetValue(exchange.OperationId, out var entry))
        {
            return [$"{exchange}: the document has no operation {exchange.OperationId}"];
        }

        var (method, path, operation) = entry;
        var requestPath = exchange.Request.Split(' ')[1].Split('?')[0];
        if (!exchange.Request.StartsWith(method.ToUpperInvariant() + " ", StringComparison.Ordinal)
            || !Regex.IsMatch(requestPath, "^" + PathParameter().Replace(Regex.Escape(path).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$"))
        {
            return [$"{exchange}: not a request to {method} {path}"];
        }

        if (operation["responses"]![exchange.Status.ToString(CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            return [$"{exchange}: status {exchange.Status} is not documented for {exchange.OperationId}"];
        }

        CheckBody(exchange, response, problems);
        CheckHeaders(exchange, response, problems);
        return problems;
    }

    /// <summary>Validates a value against a schema of the document (an inline schema or a $ref into it).</summary>
    public IReadOnlyList<string> SchemaViolations(JsonNode schema, JsonElement instance)
    {
        var results = Compile(schema).Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
            FormatRegistry = OpenApiFormats.Registry,
        });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} (schema {d.EvaluationPath})"))];
    }

    private void CheckBody(RecordedExchange exchange, JsonObject response, List<string> problems)
    {
        var content = response["content"] as JsonObject;
        if (content is null || content.Count == 0)
        {
            if (exchange.Body.Length > 0)
            {
                problems.Add($"{exchange}: the document lists no body, the response has {exchange.Body.Length} characters");
            }

            return;
        }

        if (exchange.MediaType is null || content[exchange.MediaType] is not JsonObject mediaType)
        {
            problems.Add($"{exchange}: Content-Type {exchange.MediaType ?? "(none)"} is not one of {string.Join(", ", content.Select(c => c.Key))}");
            return;
        }

        using var body = JsonDocument.Parse(exchange.Body);
        problems.AddRange(SchemaViolations(mediaType["schema"]!, body.RootElement).Select(v => $"{exchange}: {v} in {Shorten(exchange.Body)}"));
    }

    private void CheckHeaders(RecordedExchange exchange, JsonObject response, List<string> problems)
    {
        foreach (var (name, node) in (response["headers"] as JsonObject) ?? [])
        {
            var header = node!.AsObject();
            if (!exchange.Headers.TryGetValue(name, out var value))
            {
                if (header["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"{exchange}: required header {name} is missing");
                }

                continue;
            }

            var schema = header["schema"]!;
            var typed = schema["type"]?.GetValue<string>() == "integer" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? JsonSerializer.SerializeToElement(number)
                : JsonSerializer.SerializeToElement(value);
            problems.AddRange(SchemaViolations(schema, typed).Select(v => $"{exchange}: header {name}: {value}: {v}"));
        }
    }

    /// <summary>
    /// A standalone schema: the document's component schemas as <c>$defs</c>, refs pointed at them, and the schema to
    /// check as the root's <c>$ref</c>. The meaning is unchanged; only where the definitions live.
    /// </summary>
    private JsonSchema Compile(JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _components.DeepClone(),
        };
        root["$defs"]!["__checked"] = schema.DeepClone();
        root["$ref"] = "#/$defs/__checked";
        var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:fleet:{Guid.NewGuid():N}"));
    }

    private static string Shorten(string body) => body.Length <= 400 ? body : body[..400] + "…";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
