using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Everything a record can be judged on by itself: presence, formats, ranges, and time against the server's clock.
/// What needs the database (does the driver exist, was this trip seen before) is judged when storing.
/// </summary>
public sealed class RecordRules(DateTime nowUtc, TimeSpan maxRecordAge)
{
    public ValidTrip? Judge(TripRecord? record, RecordErrors errors)
    {
        if (record is null)
        {
            errors.Add("$", "A trip record must be a JSON object.");
            return null;
        }

        var externalId = ExternalId(record.ExternalId, "external_id", errors);
        var driver = Code(EntityCode.Driver, record.DriverId, "driver_id", "DRV-0001", errors);
        var vehicle = Code(EntityCode.Vehicle, record.VehicleId, "vehicle_id", "VEH-0001", errors);
        var started = Time(record.StartedAt, "started_at", errors);
        DateTime? ended = null;
        if (record.EndedAt is not null && Time(record.EndedAt, "ended_at", errors) is { } end)
        {
            ended = end;
            if (started is { } start && end < start)
            {
                errors.Add("ended_at", "ended_at is before started_at: a trip cannot end before it starts.");
            }
        }

        var distance = record.DistanceKm;
        if (record.EndedAt is null && distance is not null)
        {
            errors.Add("distance_km", "distance_km must be null while the trip is in progress (ended_at is null).");
        }
        else if (record.EndedAt is not null && distance is null)
        {
            errors.Add("distance_km", "distance_km is required once the trip has ended.");
        }
        else if (distance is < 0 or > IngestionOptions.MaxTripDistanceKm)
        {
            errors.Add("distance_km", $"distance_km must be between 0 and {IngestionOptions.MaxTripDistanceKm:0} km.");
        }

        return errors.Any
            ? null
            : new ValidTrip(externalId!, driver, vehicle, started!.Value, ended,
                distance is { } km ? Math.Round(km, 2, MidpointRounding.AwayFromZero) : null);
    }

    public ValidSafetyEvent? Judge(SafetyEventRecord? record, RecordErrors errors)
    {
        if (record is null)
        {
            errors.Add("$", "A safety event record must be a JSON object.");
            return null;
        }

        var externalId = ExternalId(record.ExternalId, "external_id", errors);
        var tripExternalId = ExternalId(record.TripExternalId, "trip_external_id", errors);
        var type = Vocabulary<SafetyEventType>(record.Type, "type", errors);
        var severity = Vocabulary<Severity>(record.Severity, "severity", errors);
        var occurred = Time(record.OccurredAt, "occurred_at", errors);
        if (record.SpeedKmh is < 0 or > IngestionOptions.MaxSpeedKmh)
        {
            errors.Add("speed_kmh", $"speed_kmh must be between 0 and {IngestionOptions.MaxSpeedKmh:0} km/h, or null.");
        }

        return errors.Any
            ? null
            : new ValidSafetyEvent(externalId!, tripExternalId!, type, severity, occurred!.Value,
                record.SpeedKmh is { } speed ? Math.Round(speed, 1, MidpointRounding.AwayFromZero) : null);
    }

    private static string? ExternalId(string? text, string field, RecordErrors errors)
    {
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
            return null;
        }

        if (!ExternalIds.IsValid(text))
        {
            errors.Add(field, $"{field} {ExternalIds.Rule}.");
            return null;
        }

        return text;
    }

    private static int Code(EntityCode code, string? text, string field, string example, RecordErrors errors)
    {
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (!code.IsWellFormed(text))
        {
            errors.Add(field, $"{field} must look like {example}.");
        }
        else if (code.TryParse(text, out var number))
        {
            return number;
        }
        else
        {
            // DRV-00001 is well formed but names no driver: ids are the text they are.
            errors.Add(field, $"There is no {(code == EntityCode.Driver ? "driver" : "vehicle")} {text}.");
        }

        return 0;
    }

    private DateTime? Time(string? text, string field, RecordErrors errors)
    {
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
            return null;
        }

        if (!IngestTimestamp.TryParse(text, out var utc))
        {
            errors.Add(field, $"{field} must be {IngestTimestamp.Expected}.");
            return null;
        }

        if (utc > nowUtc + IngestionOptions.FutureTolerance)
        {
            errors.Add(field, $"{field} is more than {IngestionOptions.FutureTolerance.TotalMinutes:0} minutes in the future; check the gateway's clock.");
        }
        else if (utc < nowUtc - maxRecordAge)
        {
            errors.Add(field, $"{field} is more than {maxRecordAge.TotalDays:0} days in the past; check the gateway's clock.");
        }

        return utc;
    }

    private static TEnum Vocabulary<TEnum>(string? text, string field, RecordErrors errors) where TEnum : struct, Enum
    {
        if (text is null)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (WireEnum.TryParse<TEnum>(text, out var value))
        {
            return value;
        }
        else
        {
            errors.Add(field, WireEnum.Describe<TEnum>(field));
        }

        return default;
    }
}
