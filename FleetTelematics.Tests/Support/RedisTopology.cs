namespace FleetTelematics.Tests.Support;

/// <summary>
/// Which Redis of ./test.sh a caching fixture runs on. The suites that test caching behaviour run as one fixture of
/// each, so every guarantee is shown on a single node and on a 3-master cluster alike.
/// </summary>
public enum RedisTopology
{
    SingleNode,
    Cluster,
}
