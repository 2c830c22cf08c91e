using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Reads of live (not archived) drivers. Trip totals are correlated subqueries in the same statement, computed
/// only for the drivers of the page: PostgreSQL evaluates a query's select list for every row that OFFSET skips,
/// so the list first finds the page's ids over the drivers table alone and computes the totals for those.
/// </summary>
public sealed class DriverQueries(FleetDbContext db)
{
    public async Task<(IReadOnlyList<DriverCard> Page, int Total)> ListAsync(DriverListParameters parameters,
        CancellationToken cancellationToken)
    {
        var drivers = Filter(db.Drivers.Where(d => d.ArchivedAt == null), parameters);
        var page = await PageQuery(drivers, parameters).ToListAsync(cancellationToken);

        // The total needs a second statement, but only over the drivers table: the trip subqueries are not in it.
        var total = page.Count < parameters.Limit && (page.Count > 0 || parameters.Skip == 0)
            ? parameters.Skip + page.Count
            : await drivers.CountAsync(cancellationToken);
        return (page.Select(r => r.ToCard()).ToList(), total);
    }

    /// <summary>
    /// One statement: the page's ids (filter, order, OFFSET/LIMIT over the drivers table alone), joined back to the
    /// drivers, which alone get their trip totals; then the page's order again, since a join does not keep it.
    /// </summary>
    private IQueryable<DriverRow> PageQuery(IQueryable<Driver> drivers, DriverListParameters parameters)
    {
        // Selecting only the id drops the projection's trip subqueries from the page's select list; ORDER BY keeps the
        // ones it sorts by (the last trip, for the last_trip_at sorts).
        var pageIds = DriverSort.Apply(Project(drivers), parameters.SortOrder)
            .Skip(parameters.Skip)
            .Take(parameters.Limit)
            .Select(r => r.Id);
        // A join rather than Where(d => pageIds.Contains(d.Id)): EF Core writes the OFFSET and LIMIT of a query captured
        // by a lambda as literals, so every page would be a new SQL text and a new entry in its query cache.
        var page = db.Drivers.Join(pageIds, d => d.Id, id => id, (d, _) => d);
        return DriverSort.Apply(Project(page), parameters.SortOrder);
    }

    public async Task<DriverResponse?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var row = await Project(db.Drivers.Where(d => d.Id == id && d.ArchivedAt == null)).FirstOrDefaultAsync(cancellationToken);
        return row?.ToResponse();
    }

    private IQueryable<DriverRow> Project(IQueryable<Driver> drivers) => drivers.Select(d => new DriverRow
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
        TotalTrips = db.Trips.Count(t => t.DriverId == d.Id),
        TotalDistanceKm = db.Trips.Where(t => t.DriverId == d.Id).Sum(t => (decimal?)t.DistanceKm) ?? 0m,
        LastTripAt = db.Trips.Where(t => t.DriverId == d.Id).Max(t => (DateTime?)t.StartedAt),
    });

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
