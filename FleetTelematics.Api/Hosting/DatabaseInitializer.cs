using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Hosting;

/// <summary>
/// Prepares the database before the server takes requests: migrations (with the history's partitions), the development users, the bootstrap
/// admin from configuration, and the demo fleet — each only where configuration asks for it. Outside Development it
/// refuses to go on while a development user still has its published password.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceProvider services,
    IOptions<StartupOptions> options,
    IOptions<AuthOptions> auth,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var startup = options.Value;

        if (startup.ApplyMigrations)
        {
            var database = provider.GetRequiredService<FleetDbContext>().Database;
            database.SetCommandTimeout(ApiCommand.MigrationTimeout);
            await database.MigrateAsync(cancellationToken);
            LogMigrated(logger);
            // Before the first request: the months around today must exist for writes (ADR-012).
            await provider.GetRequiredService<HistoryPartitions>().EnsureAheadAsync(cancellationToken);
        }

        var accounts = provider.GetRequiredService<UserAccounts>();
        if (startup.CreateDevelopmentUsers)
        {
            await accounts.EnsureDevelopmentUsersAsync(cancellationToken);
        }

        await accounts.EnsureBootstrapAdminAsync(cancellationToken);

        // Fails closed: outside Development, a database that cannot be read here stops the start-up too.
        if (!DevelopmentCredentialsGuard.IsExempt(environment, auth.Value)
            && await accounts.FindUsersWithDevelopmentPasswordsAsync(cancellationToken) is { Count: > 0 } exposed)
        {
            throw new InvalidOperationException(DevelopmentCredentialsGuard.DevelopmentPasswordsMessage(exposed));
        }

        if (startup.SeedDemoFleet)
        {
            var seeder = provider.GetRequiredService<FleetSeeder>();
            if (!await seeder.HasFleetDataAsync(cancellationToken))
            {
                var result = await seeder.SeedAsync(FleetSeedOptions.Demo, provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, replaceExisting: false,
                    progress: null, cancellationToken);
                LogSeeded(logger, result.Drivers, result.Trips, result.SafetyEvents);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
