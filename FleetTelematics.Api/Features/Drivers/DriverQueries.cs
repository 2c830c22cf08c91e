using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Reads of live (not archived) drivers, with trip totals from the <c>driver_trip_totals</c> roll-up (ADR-013), kept
/// by the triggers on trips, in the same statement: no read of a driver's trips. The list still adds the totals only
/// for the drivers on its page, because PostgreSQL evaluates a query's select list for every row that OFFSET skips:
/// it first finds the page's ids over the drivers table (and, to sort by last trip, the roll-up's index), then adds them.
/// They run where <see cref="FleetReads"/> says: after a write, with the writer's own context on the primary.
/// </summary>
public sealed class DriverQueries(FleetReads reads)
{
    public Task<(IReadOnlyList<DriverCard> Page, int Total)> ListAsync(DriverListParameters parameters,
        CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => ListAsync(source.Db, parameters, token), cancellationToken);

    public Task<DriverResponse?> FindAsync(int id, CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => FindAsync(source.Db, id, token), cancellationToken);

    /// <summary>The driver with its totals, from <paramref name="db"/>: for a query that already holds its read's source.</summary>
    internal static async Task<DriverResponse?> FindAsync(FleetDbContext db, int id, CancellationToken cancellationToken)
    {
        var row = await WithTripTotals(db, db.Drivers.Where(d => d.Id == id && d.ArchivedAt == null)).FirstOrDefaultAsync(cancellationToken);
        return row?.ToResponse();
    }

    /// <summary>A page of the list and its total, from <paramref name="db"/>.</summary>
    internal static async Task<(IReadOnlyList<DriverCard> Page, int Total)> ListAsync(FleetDbContext db,
        DriverListParameters parameters, CancellationToken cancellationToken)
    {
        var drivers = Filter(db.Drivers.Where(d => d.ArchivedAt == null), parameters);
        var page = await PageQuery(db, drivers, parameters).ToListAsync(cancellationToken);

        // The total needs a second statement, but only over the drivers table: the trip totals are not in it.
        var total = page.Count < parameters.Limit && (page.Count > 0 || parameters.Skip == 0)
            ? parameters.Skip + page.Count
            : await drivers.CountAsync(cancellationToken);
        return (page.Select(r => r.ToCard()).ToList(), total);
    }

    /// <summary>
    /// One statement: the page's ids (filter, order, OFFSET/LIMIT over the drivers table alone), joined back to the
    /// drivers, which alone get their trip totals; then the page's order again, since a join does not keep it.
    /// </summary>
    private static IQueryable<DriverRow> PageQuery(FleetDbContext db, IQueryable<Driver> drivers, DriverListParameters parameters)
    {
        var pageIds = PageIds(db, drivers, parameters);
        // A join rather than Where(d => pageIds.Contains(d.Id)): EF Core writes the OFFSET and LIMIT of a query captured
        // by a lambda as literals, so every page would be a new SQL text and a new entry in its query cache.
        var page = db.Drivers.Join(pageIds, d => d.Id, id => id, (d, _) => d);
        return DriverSort.Apply(WithTripTotals(db, page), parameters.SortOrder);
    }

    private static IQueryable<int> PageIds(FleetDbContext db, IQueryable<Driver> drivers, DriverListParameters parameters)
    {
        var sort = parameters.SortOrder;
        if (DriverSort.LastTripDescending(sort) is not { } descending)
        {
            return DriverSort.Apply(drivers.Select(d => new DriverRow { Id = d.Id, Name = d.Name, RiskScore = d.RiskScore }), sort)
                .Skip(parameters.Skip)
                .Take(parameters.Limit)
                .Select(r => r.Id);
        }

        // By last trip, drivers who drove come first in the order of the roll-up's index (last_trip_at, driver_id),
        // read from its end for the newest first (an incremental sort puts ties back in id order), and only as far as
        // the page reaches; those who never drove follow in id order. The union of the two bounded runs is sorted
        // again, so the order is the contract's whatever the plan.
        var reach = (int)Math.Min((long)parameters.Skip + parameters.Limit, int.MaxValue);
        var driven =
            from d in drivers
            join t in db.DriverTripTotals on d.Id equals t.DriverId
            where t.LastTripAt != null
            select new DriverRow { Id = d.Id, LastTripAt = t.LastTripAt };
        var drivenFirst = (descending ? driven.OrderByDescending(r => r.LastTripAt) : driven.OrderBy(r => r.LastTripAt))
            .ThenBy(r => r.Id)
            .Take(reach);
        // Only when the drivers who drove do not fill the page: a condition on no column, which PostgreSQL evaluates once
        // (an InitPlan of at most `reach` index rows) before it would join every driver with the roll-up. The roll-up's
        // own NULL rather than a literal one, which PostgreSQL would type as text in the union.
        var neverDrove = (
                from d in drivers
                join t in db.DriverTripTotals on d.Id equals t.DriverId into totals
                from t in totals.DefaultIfEmpty()
                where t!.LastTripAt == null && drivenFirst.Count() < reach
                orderby d.Id
                select new DriverRow { Id = d.Id, LastTripAt = t.LastTripAt })
            .Take(reach);
        return DriverSort.Apply(drivenFirst.Concat(neverDrove), sort)
            .Skip(parameters.Skip)
            .Take(parameters.Limit)
            .Select(r => r.Id);
    }

    /// <summary>
    /// The drivers with their trip totals, from a LEFT JOIN of the roll-up. A driver who never drove has no row there,
    /// and one whose trips were all deleted has a row of zeros: both read NULL (the join takes rows with trips only) and
    /// are coalesced to the zeros they always were, so the bytes on the wire are those of an aggregate over no trips.
    /// </summary>
    private static IQueryable<DriverRow> WithTripTotals(FleetDbContext db, IQueryable<Driver> drivers) =>
        from d in drivers
        join t in db.DriverTripTotals.Where(t => t.Trips > 0) on d.Id equals t.DriverId into totals
        from t in totals.DefaultIfEmpty()
        select new DriverRow
        {
            Id = d.Id,
            Name = d.Name,
            Email = d.Email,
            Phone = d.Phone,
            City = d.City,
            Status = d.Status,
            RiskScore = d.RiskScore,
            VehicleId = d.VehicleId,
            LicenseNumber = d.LicenseNumber,
            HireDate = d.HireDate,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
            // Translated to SQL, where a missing row reads as NULLs: nothing here dereferences null.
            TotalTrips = (int?)t!.Trips ?? 0,
            TotalDistanceKm = (decimal?)t.DistanceKm ?? 0m,
            LastTripAt = t.LastTripAt,
        };

    internal static IQueryable<Driver> Filter(IQueryable<Driver> drivers, DriverListParameters parameters)
    {
        if (parameters.StatusFilter is { } status)
        {
            drivers = drivers.Where(d => d.Status == status);
        }

        if (parameters.RiskCategoryFilter is { } category)
        {
            var (from, to) = RiskBands.RangeOf(category);
            drivers = drivers.Where(d => d.RiskScore >= from && d.RiskScore < to);
        }

        if (!string.IsNullOrWhiteSpace(parameters.Search))
        {
            var pattern = $"%{EscapeLike(parameters.Search.Trim())}%";
            drivers = drivers.Where(d =>
                EF.Functions.ILike(d.Name, pattern, "\\") ||
                EF.Functions.ILike(d.Email, pattern, "\\") ||
                EF.Functions.ILike(EF.Property<string>(d, DatabaseNames.PublicIdProperty), pattern, "\\"));
        }

        return drivers;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
