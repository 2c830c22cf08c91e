using System.Runtime.InteropServices;

namespace FleetTelematics.Api.Simulation;

/// <summary>
/// <c>simulate</c>: plays a vehicle gateway against a running API over HTTP until Ctrl+C, SIGTERM or
/// <c>--duration</c>, logging its progress. It reads the fleet with the reader login and ingests with the gateway login.
/// </summary>
internal static class SimulateCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string?> arguments)
    {
        if (!SimulatorOptions.TryParse(arguments, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"{error}\nusage: {SimulatorOptions.Usage}");
            return 2;
        }

        // The verbs run without the host's console lifetime, so the signals are caught here.
        using var stop = options.Duration is { } duration ? new CancellationTokenSource(duration) : new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var clock = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = RequestTimeout };
        var client = new GatewayClient(http, options.Gateway, clock, loggers.CreateLogger<GatewayClient>());
        try
        {
            var vehicles = await FleetDirectory.ChooseAsync(http, client, options.Reader, options.Vehicles, options.Seed, stop.Token);
            if (vehicles.Count == 0)
            {
                await Console.Error.WriteLineAsync("the API lists no active driver with a vehicle: nothing to simulate");
                return 3;
            }

            var simulation = new FleetSimulation(vehicles, options.Rate, options.Seed, clock.GetUtcNow().UtcDateTime);
            var simulator = new GatewaySimulator(simulation, client, clock, loggers.CreateLogger<GatewaySimulator>(), options.Seed);
            Console.WriteLine($"simulating {vehicles.Count} vehicles at about {options.Rate} records/s against {options.Url} (seed {options.Seed}); Ctrl+C stops");
            await simulator.RunAsync(options.BatchInterval, options.ReportInterval, stop.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0; // stopped before the fleet was read
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"simulate: {ex.Message}");
            return 1;
        }
    }
}
