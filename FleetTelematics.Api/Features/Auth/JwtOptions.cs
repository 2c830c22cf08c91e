using System.ComponentModel.DataAnnotations;
using System.Text;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Token signing settings, bound from <c>Jwt</c> and validated at start-up.</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string SectionName = "Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8. There is no default outside Development.</summary>
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "fleet-telematics";

    [Required]
    public string Audience { get; set; } = "fleet-telematics-admin";

    [Range(1, 24 * 60)]
    public int LifetimeMinutes { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            yield return new ValidationResult(
                $"Jwt__SigningKey is missing or shorter than {MinimumKeyBytes} bytes; set a random secret of at least {MinimumKeyBytes} bytes.",
                [nameof(SigningKey)]);
        }
    }
}
