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
    /// <summary>Attempts of a write without If-Match that keeps meeting concurrent writes before it gives up with 412.</summary>
    private const int MaxAttempts = 5;

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

    /// <summary>Applies a merge-patch, checked against <paramref name="precondition"/> (If-Match) when the client sent one.</summary>
    public async Task<DriverWriteResult> PatchAsync(int id, DriverChanges changes, IfMatchPrecondition precondition,
        CancellationToken cancellationToken)
    {
        if (await ValidateAsync(changes, isCreate: false, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(id, precondition, driver =>
        {
            changes.ApplyTo(driver);
            driver.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }, cancellationToken);
    }

    public Task<DriverWriteResult> ArchiveAsync(int id, IfMatchPrecondition precondition, CancellationToken cancellationToken) =>
        ChangeAsync(id, precondition, driver => driver.Archive(clock.GetUtcNow().UtcDateTime), cancellationToken);

    private async Task<DriverWriteResult> ChangeAsync(int id, IfMatchPrecondition precondition, Action<Driver> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await ChangeOnceAsync(id, precondition, change, cancellationToken);
            // Without If-Match the client asked for no version check: a concurrent write that got in first is not a
            // reason to refuse, so apply the change again over it. With If-Match, the 412 is the answer.
            if (result.Status != DriverWriteStatus.PreconditionFailed || precondition.IsPresent || attempt == MaxAttempts)
            {
                return result;
            }
        }
    }

    private async Task<DriverWriteResult> ChangeOnceAsync(int id, IfMatchPrecondition precondition, Action<Driver> change,
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
        if (current is null || !precondition.IsSatisfiedBy(JsonRepresentation.Of(current).ETag))
        {
            db.ChangeTracker.Clear();
            return DriverWriteResult.Stale;
        }

        change(driver);
        return await SaveAsync(() => driver.Id, cancellationToken, returnDriver: !driver.IsArchived);
    }

    private async Task<DriverWriteResult> SaveAsync(Func<int> savedId, CancellationToken cancellationToken,
        bool returnDriver = true)
    {
        // The answer is read in the write's own transaction, so it shows this write's result, never a later one's, and
        // a failure before the commit leaves nothing applied.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
