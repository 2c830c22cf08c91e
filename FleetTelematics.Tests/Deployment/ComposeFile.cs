namespace FleetTelematics.Tests.Deployment;

/// <summary>Read access to compose.yaml in the shapes the tests need: services, environment and bind mounts.</summary>
public sealed class ComposeFile(IDictionary<object, object> document)
{
    public IDictionary<object, object> Document { get; } = document;

    public IReadOnlyCollection<string> ServiceNames => Document.Map("services").Keys.Cast<string>().ToList();

    public IDictionary<object, object> Service(string name) => Document.Map("services").Map(name);

    /// <summary>The service's environment, whether written as a mapping or as a list of NAME=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var node = Service(service).TryGetValue("environment", out var value) ? value : null;
        return node switch
        {
            IDictionary<object, object> map => map.ToDictionary(pair => (string)pair.Key, pair => pair.Value as string ?? ""),
            IList<object> list => list.Texts().Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : ""),
            _ => new Dictionary<string, string>(),
        };
    }

    /// <summary>Volume entries in short syntax (<c>source:target[:mode]</c>).</summary>
    public IReadOnlyList<(string Source, string Target)> Volumes(string service) =>
        Service(service).TryGetValue("volumes", out var node) && node is IList<object> list
            ? list.Texts().Select(entry => entry.Split(':')).Select(parts => (parts[0], parts[1])).ToList()
            : [];

    /// <summary>Bind mounts: volume sources that are paths rather than volume names.</summary>
    public IReadOnlyList<(string Source, string Target)> BindMounts(string service) =>
        Volumes(service).Where(volume => volume.Source.StartsWith('.') || volume.Source.StartsWith('/')).ToList();

    /// <summary>
    /// The repository path behind a path inside <paramref name="service"/>'s container, through its bind mounts;
    /// null when no bind mount covers it.
    /// </summary>
    public string? HostPathOf(string service, string containerPath)
    {
        foreach (var (source, target) in BindMounts(service))
        {
            if (containerPath == target || containerPath.StartsWith(target + "/", StringComparison.Ordinal))
            {
                return DeploymentFiles.PathOf(source + containerPath[target.Length..]);
            }
        }

        return null;
    }
}
