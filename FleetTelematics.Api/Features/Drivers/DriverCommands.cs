using FleetTelematics.Api.Http;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Creates, changes and archives drivers. A change holds the driver's row lock from reading it to committing, so
/// concurrent changes queue; of two admins who saved from the same version (If-Match) exactly one wins and the other
/// gets 412 — never a silent overwrite. The row's xmin stays the concurrency token, as a second line of defence.
/// </summary>
public sealed class DriverCommands(FleetDbContext db, DriverQueries queries, TimeProvider clock)
{
    public async Task<DriverWriteResult> CreateAsync(DriverCreateRequest request, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, isCreate: true, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var driver = new Driver
        {
            Name = "", Email = "", Phone = "", LicenseNumber = "", City = "",
            HireDate = DateOnly.FromDateTime(now), CreatedAt = now, UpdatedAt = now,
        };
        request.ApplyTo(driver);
        db.Drivers.Add(driver);
        return await CreateInTransactionAsync(() => driver.Id, cancellationToken);
    }

    /// <summary>Applies a merge-patch, checked against <paramref name="precondition"/> (If-Match) when the client sent one.</summary>
    public async Task<DriverWriteResult> PatchAsync(int id, DriverPatchRequest patch, IfMatchPrecondition precondition,
        CancellationToken cancellationToken)
    {
        if (await ValidateAsync(patch, isCreate: false, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(id, precondition, driver =>
        {
            patch.ApplyTo(driver);
            driver.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);
    }

    public Task<DriverWriteResult> ArchiveAsync(int id, IfMatchPrecondition precondition, CancellationToken cancellationToken) =>
        ChangeAsync(id, precondition, driver => driver.Archive(clock.GetUtcNow().UtcDateTime), cancellationToken);

    /// <summary>
    /// Changes one driver in one transaction that holds its row lock from the read to the commit: concurrent writers of
    /// that driver queue instead of racing, so a write without If-Match never fails for a concurrent one, and a write
    /// with If-Match is checked against the version it will actually replace.
    /// </summary>
    private async Task<DriverWriteResult> ChangeAsync(int id, IfMatchPrecondition precondition, Action<Driver> change,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var driver = (await db.Drivers
                .FromSql($"SELECT d.*, d.xmin FROM drivers d WHERE d.id = {id} AND d.archived_at IS NULL FOR UPDATE")
                .AsTracking()
                .ToListAsync(cancellationToken)).SingleOrDefault();
            if (driver is null)
            {
                return DriverWriteResult.NotFound;
            }

            var current = await queries.FindAsync(id, cancellationToken);
            if (current is null || !precondition.IsSatisfiedBy(JsonRepresentation.Of(current).ETag))
            {
                return DriverWriteResult.Stale;
            }

            change(driver);
            return await SaveAsync(transaction, () => driver.Id, cancellationToken, returnDriver: !driver.IsArchived);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<DriverWriteResult> CreateInTransactionAsync(Func<int> savedId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            return await SaveAsync(transaction, savedId, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Saves and reads the answer in the write's own transaction, so the answer shows this write's result, never a later
    /// one's; a failure before the commit leaves nothing applied.
    /// </summary>
    private async Task<DriverWriteResult> SaveAsync(IDbContextTransaction transaction, Func<int> savedId,
        CancellationToken cancellationToken, bool returnDriver = true)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DriverWriteResult.Stale;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            return DriverWriteResult.Conflict(unique.ConstraintName switch
            {
                { } name when name.Contains("email", StringComparison.Ordinal) => "Another driver already has this email.",
                _ => "Another driver already has this license_number.",
            });
        }

        var driver = returnDriver ? await queries.FindAsync(savedId(), cancellationToken) : null;
        await transaction.CommitAsync(cancellationToken);
        return new DriverWriteResult(DriverWriteStatus.Done, driver);
    }

    private async Task<DriverWriteResult?> ValidateAsync(DriverChanges changes, bool isCreate, CancellationToken cancellationToken)
    {
        var errors = changes.Validate(isCreate);
        if (errors.Count == 0 && changes.VehicleNumber is { } vehicle &&
            !await db.Vehicles.AnyAsync(v => v.Id == vehicle, cancellationToken))
        {
            errors["vehicle_id"] = [$"{EntityCode.Vehicle.Format(vehicle)} does not exist."];
        }

        return errors.Count == 0 ? null : DriverWriteResult.Invalid(errors);
    }
}
