using System.Text.RegularExpressions;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// The fields a create or a merge-patch sets, with the one set of rules both are validated by.
/// Only fields that are present are checked and applied.
/// </summary>
public sealed partial class DriverChanges
{
    public Optional<string?> Name { get; set; }
    public Optional<string?> Email { get; set; }
    public Optional<string?> Phone { get; set; }
    public Optional<string?> LicenseNumber { get; set; }
    public Optional<string?> City { get; set; }
    public Optional<DriverStatus?> Status { get; set; }
    public Optional<string?> VehicleId { get; set; }
    public Optional<decimal?> RiskScore { get; set; }

    /// <summary>The vehicle's key once <see cref="VehicleId"/> has been validated; null unassigns.</summary>
    public int? VehicleNumber => VehicleId.Value is { } code && EntityCode.Vehicle.TryParse(code, out var number) ? number : null;

    public Dictionary<string, string[]> Validate(bool isCreate)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, bool present, string? problem)
        {
            if (isCreate && !present)
            {
                errors[field] = [$"{field} is required."];
            }
            else if (present && problem is not null)
            {
                errors[field] = [problem];
            }
        }

        Check("name", Name.HasValue, Text("name", Name.Value, 1, DriverLimits.NameLength));
        Check("email", Email.HasValue, Text("email", Email.Value, 3, DriverLimits.EmailLength)
            ?? (EmailPattern().IsMatch(Email.Value!) ? null : "email must be an email address such as ana@example.com."));
        Check("phone", Phone.HasValue, Text("phone", Phone.Value, 3, DriverLimits.PhoneLength)
            ?? (PhonePattern().IsMatch(Phone.Value!) ? null : "phone may hold digits, spaces, +, -, ( and ) only."));
        Check("license_number", LicenseNumber.HasValue, Text("license_number", LicenseNumber.Value, 3, DriverLimits.LicenseNumberLength));
        Check("city", City.HasValue, Text("city", City.Value, 1, DriverLimits.CityLength));

        if (Status is { HasValue: true, Value: null })
        {
            errors["status"] = ["status cannot be null."];
        }

        if (VehicleId is { HasValue: true, Value: { } vehicle } && !EntityCode.Vehicle.TryParse(vehicle, out _))
        {
            errors["vehicle_id"] = ["vehicle_id must look like VEH-0001."];
        }

        if (RiskScore.HasValue && (RiskScore.Value is not { } score || !RiskBands.IsValidScore(score)))
        {
            errors["risk_score"] = ["risk_score must be a number from 0 to 100 with at most one decimal."];
        }

        return errors;
    }

    public void ApplyTo(Driver driver)
    {
        if (Name.HasValue) driver.Name = Name.Value!.Trim();
        if (Email.HasValue) driver.Email = Email.Value!.Trim().ToLowerInvariant();
        if (Phone.HasValue) driver.Phone = Phone.Value!.Trim();
        if (LicenseNumber.HasValue) driver.LicenseNumber = LicenseNumber.Value!.Trim();
        if (City.HasValue) driver.City = City.Value!.Trim();
        if (Status.HasValue) driver.Status = Status.Value!.Value;
        if (VehicleId.HasValue) driver.VehicleId = VehicleNumber;
        if (RiskScore.HasValue) driver.RiskScore = RiskScore.Value!.Value;
    }

    private static string? Text(string field, string? value, int min, int max) => value?.Trim() switch
    {
        null => $"{field} cannot be null.",
        { } text when !TextRules.IsClean(text) => TextRules.Describe(field),
        { Length: 0 } when min > 0 => $"{field} cannot be empty.",
        { } text when text.Length < min => $"{field} must have at least {min} characters.",
        { } text when text.Length > max => $"{field} must have at most {max} characters.",
        _ => null,
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9 ()\-]{3,32}$")]
    private static partial Regex PhonePattern();
}
