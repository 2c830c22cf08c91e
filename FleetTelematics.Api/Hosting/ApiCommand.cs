using System.Globalization;
using FleetTelematics.Api.OpenApi;
using FleetTelematics.Api.Simulation;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Api.Hosting;

/// <summary>
/// The program's verbs: <c>migrate</c>, <c>seed</c>, <c>prune</c> and <c>openapi</c> do their work with the same
/// configuration as the API and exit; <c>simulate</c> plays a vehicle gateway until stopped. None starts the web server.
/// </summary>
internal sealed class ApiCommand
{
    /// <summary>Migrations may rewrite large tables: they are exempt from the short per-request command timeout.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(30);

    private const string Usage =
        $"usage: migrate | seed --drivers N --vehicles N --days N [--seed N] [--force] | {PruneCommand.Usage} | openapi [--output FILE] | {SimulatorOptions.Usage}";

    private static readonly HashSet<string> ValueOptions =
    [
        "--drivers", "--vehicles", "--days", "--seed", "--output", "--older-than",
        "--url", "--rate", "--duration", "--username", "--password", "--reader-username", "--reader-password",
    ];

    private readonly string _verb;
    private readonly Dictionary<string, string?> _options;

    private ApiCommand(string verb, Dictionary<string, string?> options, string[] hostArguments)
    {
        _verb = verb;
        _options = options;
        HostArguments = hostArguments;
    }

    /// <summary>Arguments left for the host (configuration switches such as <c>--urls</c>).</summary>
    public string[] HostArguments { get; }

    public static ApiCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("migrate" or "seed" or "prune" or "openapi" or "simulate"))
        {
            return null;
        }

        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var host = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--force")
            {
                options["force"] = "true";
            }
            else if (ValueOptions.Contains(name) && i + 1 < args.Length)
            {
                options[name[2..]] = args[++i];
            }
            else
            {
                host.Add(name);
            }
        }

        return new ApiCommand(args[0], options, host.ToArray());
    }

    public async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (_verb == "openapi")
        {
            // Needs no database: the document comes from the endpoints and types alone.
            return await WriteOpenApiAsync(services, cancellationToken);
        }

        if (_verb == "simulate")
        {
            // A client of some API over HTTP: it needs no database of its own.
            return await SimulateCommand.RunAsync(services, _options);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        try
        {
            if (_verb == "prune")
            {
                // Changes no schema: pruning a database that is not migrated finds nothing to drop.
                return await PruneCommand.RunAsync(scope.ServiceProvider, _options.GetValueOrDefault("older-than"), cancellationToken);
            }

            db.Database.SetCommandTimeout(MigrationTimeout);
            await db.Database.MigrateAsync(cancellationToken);
            var created = await scope.ServiceProvider.GetRequiredService<HistoryPartitions>().EnsureAheadAsync(cancellationToken);
            Console.WriteLine(created.Count == 0
                ? "migrations applied"
                : $"migrations applied; created history partitions {string.Join(", ", created)}");
            return _verb == "seed" ? await SeedAsync(scope.ServiceProvider, cancellationToken) : 0;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"database error: {ex.Message}");
            return 1;
        }
    }

    private async Task<int> WriteOpenApiAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var json = OpenApiDocumentFile.Render(services);
        if (_options.GetValueOrDefault("output") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, json + "\n", cancellationToken);
            Console.WriteLine($"OpenAPI document written to {path}");
        }
        else
        {
            Console.WriteLine(json);
        }

        return 0;
    }

    private async Task<int> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!TryReadOptions(out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"{error}\n{Usage}");
            return 2;
        }

        var seeder = services.GetRequiredService<FleetSeeder>();
        var force = _options.ContainsKey("force");
        if (!force && await seeder.HasFleetDataAsync(cancellationToken))
        {
            await Console.Error.WriteLineAsync(
                "the database already holds fleet data; pass --force to replace it (users are kept)");
            return 3;
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var progress = new Progress<string>(message => Console.WriteLine($"[{stopwatch.Elapsed:mm\\:ss}] {message}"));
        var result = await seeder.SeedAsync(options, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, force, progress, cancellationToken);
        Console.WriteLine(
            $"seeded {result.Drivers:N0} drivers, {result.Vehicles:N0} vehicles, {result.Trips:N0} trips, " +
            $"{result.SafetyEvents:N0} safety events in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private bool TryReadOptions(out FleetSeedOptions options, out string error)
    {
        options = FleetSeedOptions.Demo;
        var values = new Dictionary<string, int>();
        foreach (var name in new[] { "drivers", "vehicles", "days", "seed" })
        {
            if (!_options.TryGetValue(name, out var text))
            {
                if (name == "seed")
                {
                    continue;
                }

                error = $"--{name} is required";
                return false;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                error = $"--{name} takes a whole number, not '{text}'";
                return false;
            }

            values[name] = value;
        }

        options = new FleetSeedOptions(values["drivers"], values["vehicles"], values["days"],
            values.GetValueOrDefault("seed", FleetSeedOptions.Demo.Seed));
        error = string.Join(" ", options.Validate());
        return error.Length == 0;
    }
}
