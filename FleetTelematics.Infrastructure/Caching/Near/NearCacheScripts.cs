namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>The Lua scripts of the lease protocol. All their keys share one hash tag, so they run on Redis Cluster.</summary>
internal static class NearCacheScripts
{
    // KEYS[1] = lease, KEYS[2] = holders; ARGV[1] = lease (ms), ARGV[2] = instance id. Answers the number registered.
    public const string Register = """
        redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[2])
        return redis.call('SCARD', KEYS[2])
        """;

    // PEXPIRE answers 0 for a missing key: a revoked lease cannot be renewed, only registered anew.
    public const string Renew = "return redis.call('PEXPIRE', KEYS[1], ARGV[1])";

    // KEYS[1] = holders; ARGV[1] = lease key prefix. Answers the live holders and forgets those whose lease ran out.
    public const string LiveHolders = """
        local live = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if redis.call('EXISTS', ARGV[1] .. id) == 1 then live[#live + 1] = id else redis.call('SREM', KEYS[1], id) end
        end
        return live
        """;

    // KEYS[1] = lease, KEYS[2] = holders; ARGV[1] = instance id.
    public const string Revoke = """
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[1])
        return 1
        """;
}
