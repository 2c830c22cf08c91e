namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>Word lists the generator draws plausible names, cities and vehicles from.</summary>
internal static class SeedVocabulary
{
    public static readonly string[] FirstNames =
    [
        "James", "Maria", "Robert", "Linda", "Michael", "Sofia", "David", "Aisha", "Daniel", "Elena",
        "Thomas", "Priya", "Carlos", "Hannah", "Ahmed", "Chloe", "Lucas", "Fatima", "Mateo", "Grace",
        "Noah", "Yuki", "Omar", "Isabel", "Ethan", "Mei", "Ivan", "Zara", "Samuel", "Nora",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Johnson", "Nguyen", "Brown", "Martinez", "Okafor", "Kowalski", "Rossi", "Kim",
        "Silva", "Müller", "Patel", "Dubois", "Hansen", "Novak", "Tanaka", "O'Brien", "Haddad", "Jensen",
        "Lopez", "Ivanova", "Walker", "Moreau", "Costa", "Fischer", "Ali", "Schmidt", "Reyes", "Berg",
    ];

    public static readonly string[] Cities =
    [
        "Austin", "Denver", "Chicago", "Seattle", "Atlanta", "Phoenix", "Boston", "Dallas", "Miami", "Portland",
        "Detroit", "Nashville",
    ];

    public static readonly (string Make, string[] Models)[] Vehicles =
    [
        ("Ford", ["Transit", "F-150", "E-Transit"]),
        ("Mercedes-Benz", ["Sprinter", "eSprinter", "Vito"]),
        ("Toyota", ["Hilux", "Tacoma", "Proace"]),
        ("Volvo", ["FH16", "FM", "VNL"]),
        ("Ram", ["ProMaster", "1500"]),
        ("Chevrolet", ["Express", "Silverado"]),
    ];
}
