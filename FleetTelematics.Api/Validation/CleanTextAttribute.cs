using System.ComponentModel.DataAnnotations;
using FleetTelematics.Domain.Common;

namespace FleetTelematics.Api.Validation;

/// <summary>A string property whose value must pass <see cref="TextRules"/> before anything uses it.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CleanTextAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is not string text || TextRules.IsClean(text)
            ? ValidationResult.Success
            : new ValidationResult(TextRules.Describe(validationContext.DisplayName),
                validationContext.MemberName is { } member ? [member] : null);
}
