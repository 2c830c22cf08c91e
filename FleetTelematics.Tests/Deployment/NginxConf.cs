using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

/// <summary>Read access to deploy/nginx/nginx.conf: its upstreams, proxied names, headers and single directives.</summary>
public sealed partial class NginxConf(string text)
{
    /// <summary>The text without comments, so a commented-out directive is not taken for a real one.</summary>
    public string Text { get; } = Comment().Replace(text, "");

    public static NginxConf Deployed() => new(File.ReadAllText(DeploymentFiles.PathOf("deploy/nginx/nginx.conf")));

    /// <summary>Each upstream block's name and the <c>server</c> lines in it (address, then parameters).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Address, string Parameters)>> Upstreams() =>
        Upstream().Matches(Text).ToDictionary(
            match => match.Groups["name"].Value,
            match => (IReadOnlyList<(string, string)>)UpstreamServer().Matches(match.Groups["body"].Value)
                .Select(server => (server.Groups["address"].Value, server.Groups["parameters"].Value.Trim()))
                .ToList());

    /// <summary>The block of an upstream, for its other directives (keepalive).</summary>
    public string UpstreamBody(string name) => Upstream().Matches(Text).Single(match => match.Groups["name"].Value == name).Groups["body"].Value;

    public IReadOnlyList<string> ProxyPassTargets() => ProxyPass().Matches(Text).Select(match => match.Groups["target"].Value).ToList();

    public IReadOnlyDictionary<string, string> ProxyHeaders() =>
        ProxyHeader().Matches(Text).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value.Trim());

    /// <summary>The arguments of every occurrence of a directive, e.g. <c>listen</c> → <c>["8080"]</c>.</summary>
    public IReadOnlyList<string> Directive(string name) =>
        Regex.Matches(Text, $@"(?m)^\s*{Regex.Escape(name)}\s+(?<value>[^;]*);").Select(match => match.Groups["value"].Value.Trim()).ToList();

    [GeneratedRegex(@"#[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"upstream\s+(?<name>[\w-]+)\s*\{(?<body>[^}]*)\}")]
    private static partial Regex Upstream();

    [GeneratedRegex(@"(?m)^\s*server\s+(?<address>\S+)(?<parameters>[^;]*);")]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"proxy_pass\s+http://(?<target>[\w-]+)\s*;")]
    private static partial Regex ProxyPass();

    [GeneratedRegex(@"proxy_set_header\s+(?<name>[\w-]+)\s+(?<value>[^;]*);")]
    private static partial Regex ProxyHeader();
}
