using System.Text.RegularExpressions;
using FleetTelematics.Api.Json;
using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// The fields of a driver that an admin writes, listed once, and the one set of rules a create and a merge-patch are
/// validated by and applied with. Each field is <see cref="Optional{T}"/>, so a field left out stays apart from one
/// sent as null. <see cref="DriverCreateRequest"/> and <see cref="DriverPatchRequest"/> are its two bodies.
/// </summary>
public abstract partial record DriverChanges
{
    /// <example>Ana Costa</example>
    [RequiredInRequest(typeof(DriverCreateRequest))]
    public Optional<string?> Name { get; init; }

    /// <example>ana.costa@fleet.example</example>
    [RequiredInRequest(typeof(DriverCreateRequest))]
    public Optional<string?> Email { get; init; }

    /// <summary>Digits, spaces, <c>+</c>, <c>-</c>, <c>(</c> and <c>)</c>.</summary>
    /// <example>+1-555-010-2030</example>
    [RequiredInRequest(typeof(DriverCreateRequest))]
    public Optional<string?> Phone { get; init; }

    /// <example>DL-4431-9921</example>
    [RequiredInRequest(typeof(DriverCreateRequest))]
    public Optional<string?> LicenseNumber { get; init; }

    /// <example>Austin</example>
    [RequiredInRequest(typeof(DriverCreateRequest))]
    public Optional<string?> City { get; init; }

    public Optional<DriverStatus?> Status { get; init; }

    /// <summary>A vehicle to assign, such as VEH-0001, or null (in a patch: null unassigns).</summary>
    /// <example>VEH-0001</example>
    [AcceptsNull]
    public Optional<string?> VehicleId { get; init; }

    /// <summary>The vehicle's key once <see cref="VehicleId"/> has been validated; null unassigns.</summary>
    internal int? VehicleNumber => VehicleId.Value is { } code && EntityCode.Vehicle.TryParse(code, out var number) ? number : null;

    /// <summary>The risk score to set. Only a merge-patch carries one: a new driver has no trips to be scored on.</summary>
    private protected virtual Optional<decimal?> NewRiskScore => Optional<decimal?>.Absent;

    /// <summary>
    /// Problems keyed by wire name (<c>license_number</c>). A create needs the five text fields and reads null as "not
    /// given"; a merge-patch checks only the fields present, and refuses null for every field but <see cref="VehicleId"/>.
    /// </summary>
    public Dictionary<string, string[]> Validate(bool isCreate)
    {
        var errors = new Dictionary<string, string[]>();
        bool Given<T>(Optional<T> value) => value.HasValue && !(isCreate && value.Value is null);
        void Check<T>(string member, Optional<T> value, bool required, Func<string, string?> problem)
        {
            var field = ApiJson.WireName(member);
            if (required && isCreate && !Given(value))
            {
                errors[field] = [$"{field} is required."];
            }
            else if (Given(value) && problem(field) is { } message)
            {
                errors[field] = [message];
            }
        }

        Check(nameof(Name), Name, required: true, field => Text(field, Name.Value, 1, DriverLimits.NameLength));
        Check(nameof(Email), Email, required: true, field => Text(field, Email.Value, 3, DriverLimits.EmailLength)
            ?? (EmailPattern().IsMatch(Email.Value!) ? null : $"{field} must be an email address such as ana@example.com."));
        Check(nameof(Phone), Phone, required: true, field => Text(field, Phone.Value, 3, DriverLimits.PhoneLength)
            ?? (PhonePattern().IsMatch(Phone.Value!) ? null : $"{field} may hold digits, spaces, +, -, ( and ) only."));
        Check(nameof(LicenseNumber), LicenseNumber, required: true, field => Text(field, LicenseNumber.Value, 3, DriverLimits.LicenseNumberLength));
        Check(nameof(City), City, required: true, field => Text(field, City.Value, 1, DriverLimits.CityLength));
        Check(nameof(Status), Status, required: false, field => Status.Value is null ? $"{field} cannot be null." : null);
        Check(nameof(VehicleId), VehicleId, required: false, field =>
            VehicleId.Value is { } vehicle && !EntityCode.Vehicle.TryParse(vehicle, out _) ? $"{field} must look like VEH-0001." : null);
        Check(nameof(DriverPatchRequest.RiskScore), NewRiskScore, required: false, field =>
            NewRiskScore.Value is { } score && RiskBands.IsValidScore(score) ? null : $"{field} must be a number from 0 to 100 with at most one decimal.");

        return errors;
    }

    /// <summary>Applies what was given to <paramref name="driver"/>; call it only once <see cref="Validate"/> found nothing.</summary>
    public void ApplyTo(Driver driver)
    {
        if (Name.Value is { } name) driver.Name = name.Trim();
        if (Email.Value is { } email) driver.Email = email.Trim().ToLowerInvariant();
        if (Phone.Value is { } phone) driver.Phone = phone.Trim();
        if (LicenseNumber.Value is { } licenseNumber) driver.LicenseNumber = licenseNumber.Trim();
        if (City.Value is { } city) driver.City = city.Trim();
        if (Status.Value is { } status) driver.Status = status;
        if (VehicleId.HasValue) driver.VehicleId = VehicleNumber;
        if (NewRiskScore.Value is { } score) driver.RiskScore = score;
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
