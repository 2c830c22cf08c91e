using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Reads of live (not archived) drivers, with trip totals computed in the same statement: count, distance and last
/// trip from one pass over the driver's range of <c>ix_trips_driver_id_started_at</c>. The list computes them only for
/// the drivers on its page, because PostgreSQL evaluates a query's select list for every row that OFFSET skips, not
/// only for the rows LIMIT returns: it first finds the page's ids over the drivers table, then adds the totals.
/// </summary>
public sealed class DriverQueries(FleetDbContext db)
{
    public async Task<(IReadOnlyList<DriverCard> Page, int Total)> ListAsync(DriverListParameters parameters,
        CancellationToken cancellationToken)
    {
        var drivers = Filter(db.Drivers.Where(d => d.ArchivedAt == null), parameters);
        var page = await PageQuery(drivers, parameters).ToListAsync(cancellationToken);

        // The total needs a second statement, but only over the drivers table: the trip totals are not in it.
        var total = page.Count < parameters.Limit && (page.Count > 0 || parameters.Skip == 0)
            ? parameters.Skip + page.Count
            : await drivers.CountAsync(cancellationToken);
        return (page.Select(r => r.ToCard()).ToList(), total);
    }

    public async Task<DriverResponse?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var row = await WithTripTotals(db.Drivers.Where(d => d.Id == id && d.ArchivedAt == null)).FirstOrDefaultAsync(cancellationToken);
        return row?.ToResponse();
    }

    /// <summary>
    /// One statement: the page's ids (filter, order, OFFSET/LIMIT over the drivers table alone), joined back to the
    /// drivers, which alone get their trip totals; then the page's order again, since a join does not keep it.
    /// </summary>
    private IQueryable<DriverRow> PageQuery(IQueryable<Driver> drivers, DriverListParameters parameters)
    {
        var pageIds = DriverSort.Apply(SortKeys(drivers), parameters.SortOrder)
            .Skip(parameters.Skip)
            .Take(parameters.Limit)
            .Select(r => r.Id);
        // A join rather than Where(d => pageIds.Contains(d.Id)): EF Core writes the OFFSET and LIMIT of a query captured
        // by a lambda as literals, so every page would be a new SQL text and a new entry in its query cache.
        var page = db.Drivers.Join(pageIds, d => d.Id, id => id, (d, _) => d);
        return DriverSort.Apply(WithTripTotals(page), parameters.SortOrder);
    }

    /// <summary>
    /// What DriverSort orders by. The last trip is a correlated max, which PostgreSQL answers from the newest entry of
    /// the driver's index range; it is in the SQL only where ORDER BY uses it (the last_trip_at sorts), since the page
    /// selects the id alone.
    /// </summary>
    private IQueryable<DriverRow> SortKeys(IQueryable<Driver> drivers) => drivers.Select(d => new DriverRow
    {
        Id = d.Id,
        Name = d.Name,
        RiskScore = d.RiskScore,
        LastTripAt = db.Trips.Where(t => t.DriverId == d.Id).Max(t => (DateTime?)t.StartedAt),
    });

    /// <summary>
    /// The drivers with their trip totals, from a LEFT JOIN LATERAL that aggregates the driver's trips in one pass
    /// (three correlated subqueries would read its index range twice). A driver who never drove has no row there, so
    /// the totals read NULL and are coalesced to the zeros they always were.
    /// </summary>
    private IQueryable<DriverRow> WithTripTotals(IQueryable<Driver> drivers) =>
        from d in drivers
        from trips in db.Trips.Where(t => t.DriverId == d.Id)
            .GroupBy(t => t.DriverId)
            .Select(g => new
            {
                Count = (int?)g.Count(),
                DistanceKm = g.Sum(t => (decimal?)t.DistanceKm),
                LastStartedAt = g.Max(t => (DateTime?)t.StartedAt),
            })
            .DefaultIfEmpty()
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
            TotalTrips = trips!.Count ?? 0,
            TotalDistanceKm = trips.DistanceKm ?? 0m,
            LastTripAt = trips.LastStartedAt,
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
