namespace FleetTelematics.Tests.Deployment;

/// <summary>One recording or alerting rule from a Prometheus rules file.</summary>
public sealed record PrometheusRule(
    string File,
    string Group,
    string? Record,
    string? Alert,
    string Expr,
    string? For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Name => Record ?? Alert ?? "";

    public static IEnumerable<PrometheusRule> ReadAll(string file, IDictionary<object, object> document) =>
        from groupNode in document.List("groups").Cast<IDictionary<object, object>>()
        from ruleNode in groupNode.List("rules").Cast<IDictionary<object, object>>()
        select new PrometheusRule(
            file,
            groupNode.Text("name") ?? "",
            ruleNode.Text("record"),
            ruleNode.Text("alert"),
            ruleNode.Text("expr") ?? "",
            ruleNode.Text("for"),
            Strings(ruleNode, "labels"),
            Strings(ruleNode, "annotations"));

    private static Dictionary<string, string> Strings(IDictionary<object, object> rule, string key) =>
        rule.TryGetValue(key, out var node) && node is IDictionary<object, object> map
            ? map.ToDictionary(pair => (string)pair.Key, pair => pair.Value as string ?? "")
            : [];
}
