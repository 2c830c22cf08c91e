using System.Text.Json;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Common;
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

        try
        {
            ReadFields(document, changes, errors);
        }
        catch (InvalidOperationException)
        {
            // A property name escaping a lone surrogate ("\ud800"): not text, so not a field of anything.
            errors["$"] = ["The body holds a property name that is not valid text (a lone surrogate)."];
        }

        return changes;
    }

    private static void ReadFields(JsonElement document, DriverChanges changes, Dictionary<string, string[]> errors)
    {
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
    }

    private static Optional<string?> ReadString(string field, JsonElement value, Dictionary<string, string[]> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when TryGetString(value, out var text): return text;
            case JsonValueKind.String:
                errors[field] = [TextRules.Describe(field)];
                return Optional<string?>.Absent;
            case JsonValueKind.Null: return (string?)null;
            default:
                errors[field] = [$"{field} must be a string."];
                return Optional<string?>.Absent;
        }
    }

    /// <summary>JSON may escape a lone surrogate (<c>"\ud800"</c>), which is no text at all: reading it throws.</summary>
    private static bool TryGetString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static Optional<DriverStatus?> ReadStatus(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (DriverStatus?)null;
        }

        if (value.ValueKind == JsonValueKind.String && TryGetString(value, out var text) && WireEnum.TryParse<DriverStatus>(text, out var status))
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
