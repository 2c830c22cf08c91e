namespace FleetTelematics.Domain.Safety;

public enum SafetyEventType : short
{
    HarshBraking = 1,
    RapidAcceleration = 2,
    Speeding = 3,
    HarshCornering = 4,
    PhoneUsage = 5,
    Fatigue = 6,
}
