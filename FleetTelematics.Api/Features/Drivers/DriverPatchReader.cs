using System.Text.Json;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// Reads a merge-patch document into <see cref="DriverChanges"/>, keeping "absent" apart from "null" — which a
/// typed body cannot — and reporting unknown fields and wrong JSON types per field.
/// </summary>
internal static class DriverPatchReader
{
    public static DriverChanges Read(JsonElement document, Dictionary<string, string[]> errors)
    {
        var changes = new DriverChanges();
        if (document.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The body must be a JSON object."];
            return changes;
        }

        foreach (var property in document.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "name": changes.Name = ReadString(property.Name, value, errors); break;
                case "email": changes.Email = ReadString(property.Name, value, errors); break;
                case "phone": changes.Phone = ReadString(property.Name, value, errors); break;
                case "license_number": changes.LicenseNumber = ReadString(property.Name, value, errors); break;
                case "city": changes.City = ReadString(property.Name, value, errors); break;
                case "vehicle_id": changes.VehicleId = ReadString(property.Name, value, errors); break;
                case "status": changes.Status = ReadStatus(value, errors); break;
                case "risk_score": changes.RiskScore = ReadScore(value, errors); break;
                default:
                    errors[property.Name] = [$"{property.Name} is not a field of a driver that can be changed."];
                    break;
            }
        }

        return changes;
    }

    private static Optional<string?> ReadString(string field, JsonElement value, Dictionary<string, string[]> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return value.GetString();
            case JsonValueKind.Null: return (string?)null;
            default:
                errors[field] = [$"{field} must be a string."];
                return Optional<string?>.Absent;
        }
    }

    private static Optional<DriverStatus?> ReadStatus(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (DriverStatus?)null;
        }

        if (value.ValueKind == JsonValueKind.String && WireEnum.TryParse<DriverStatus>(value.GetString(), out var status))
        {
            return (DriverStatus?)status;
        }

        errors["status"] = [WireEnum.Describe<DriverStatus>("status")];
        return Optional<DriverStatus?>.Absent;
    }

    private static Optional<decimal?> ReadScore(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (decimal?)null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var score))
        {
            return (decimal?)score;
        }

        errors["risk_score"] = ["risk_score must be a number from 0 to 100."];
        return Optional<decimal?>.Absent;
    }
}
