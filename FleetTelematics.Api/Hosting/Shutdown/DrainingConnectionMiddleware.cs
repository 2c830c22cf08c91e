namespace FleetTelematics.Api.Hosting.Shutdown;

/// <summary>
/// While draining, asks every client to close its connection after the response. A balancer stops routing new
/// connections to an instance that is not ready, but a kept-alive connection (nginx's upstream pool, kube-proxy's
/// established flows) would keep arriving here until the server stops listening; closing it moves the client on.
/// </summary>
public sealed class DrainingConnectionMiddleware(RequestDelegate next, DrainSignal signal)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (signal.IsDraining)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
