namespace FleetTelematics.Infrastructure.Caching;

/// <summary>The circuit breaker's states, as the <c>cache_circuit_state</c> gauge reports them.</summary>
public enum CircuitState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}
