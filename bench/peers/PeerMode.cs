using FleetTelematics.Bench.Peers.Summary;

namespace FleetTelematics.Bench.Peers;

/// <summary>The peers, by the name <c>--mode</c> takes, and the one controller each mode serves.</summary>
public static class PeerMode
{
    public const string Constant = "constant";
    public const string OutputCacheAnonymous = "outputcache-anon";
    public const string OutputCacheAuthenticated = "outputcache-auth";
    public const string Hybrid = "hybrid";
    public const string Fusion = "fusion";

    public static IReadOnlyList<string> All { get; } = [Constant, OutputCacheAnonymous, OutputCacheAuthenticated, Hybrid, Fusion];

    public static Type ControllerOf(string mode) => mode switch
    {
        Constant => typeof(ConstantSummaryController),
        OutputCacheAnonymous => typeof(AnonymousOutputCacheSummaryController),
        OutputCacheAuthenticated => typeof(AuthenticatedOutputCacheSummaryController),
        Hybrid => typeof(HybridCacheSummaryController),
        Fusion => typeof(FusionCacheSummaryController),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown peer mode"),
    };

    public static string? FromArguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--mode" && All.Contains(args[i + 1]))
            {
                return args[i + 1];
            }
        }

        return null;
    }

    /// <summary>The host's own arguments, without <c>--mode NAME</c> (which the configuration would otherwise bind).</summary>
    public static string[] WithoutModeArguments(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--mode")
            {
                i++;
                continue;
            }

            rest.Add(args[i]);
        }

        return [.. rest];
    }
}
