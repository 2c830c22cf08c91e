using FleetTelematics.Api.Http;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Creates, changes and archives drivers. Changes are optimistic: the row's xmin is the concurrency token, so of two
/// admins who saved from the same version exactly one wins and the other gets 412 — never a silent overwrite.
/// </summary>
public sealed class DriverCommands(FleetDbContext db, DriverQueries queries, TimeProvider clock)
{
    public async Task<DriverWriteResult> CreateAsync(DriverChanges changes, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(changes, isCreate: true, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var driver = new Driver
        {
            Name = "", Email = "", Phone = "", LicenseNumber = "", City = "",
            HireDate = DateOnly.FromDateTime(now), CreatedAt = now, UpdatedAt = now,
        };
        changes.ApplyTo(driver);
        db.Drivers.Add(driver);
        return await SaveAsync(() => driver.Id, cancellationToken);
    }

    /// <summary>Applies a merge-patch; <paramref name="expectedETag"/> checks If-Match against the current representation.</summary>
    public async Task<DriverWriteResult> PatchAsync(int id, DriverChanges changes, Func<string, bool> expectedETag,
        CancellationToken cancellationToken)
    {
        if (await ValidateAsync(changes, isCreate: false, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(id, expectedETag, driver =>
        {
            changes.ApplyTo(driver);
            driver.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);
    }

    public Task<DriverWriteResult> ArchiveAsync(int id, Func<string, bool> expectedETag, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedETag, driver => driver.Archive(clock.GetUtcNow().UtcDateTime), cancellationToken);

    private async Task<DriverWriteResult> ChangeAsync(int id, Func<string, bool> expectedETag, Action<Driver> change,
        CancellationToken cancellationToken)
    {
        // Load the row (and its xmin) before reading the representation the ETag is checked against: if another
        // write lands in between, the save below fails on xmin instead of overwriting it.
        var driver = await db.Drivers.AsTracking().FirstOrDefaultAsync(d => d.Id == id && d.ArchivedAt == null, cancellationToken);
        if (driver is null)
        {
            return DriverWriteResult.NotFound;
        }

        var current = await queries.FindAsync(id, cancellationToken);
        if (current is null || !expectedETag(JsonRepresentation.Of(current).ETag))
        {
            return DriverWriteResult.Stale;
        }

        change(driver);
        return await SaveAsync(() => driver.Id, cancellationToken, returnDriver: !driver.IsArchived);
    }

    private async Task<DriverWriteResult> SaveAsync(Func<int> savedId, CancellationToken cancellationToken,
        bool returnDriver = true)
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
        finally
        {
            db.ChangeTracker.Clear();
        }

        var driver = returnDriver ? await queries.FindAsync(savedId(), cancellationToken) : null;
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
