using System.Text.Json;

namespace FleetTelematics.Api.Json;

/// <summary>
/// A JSON value that its field cannot hold. A converter does not know which field it reads, but System.Text.Json
/// sets <see cref="JsonException.Path"/> as the exception leaves the converter and MVC copies <see cref="Message"/>
/// into the validation problem after that, so the message names the field as the client wrote it:
/// <c>city must be a string.</c>
/// </summary>
public sealed class JsonFieldException(Func<string, string> describe, Exception? innerException = null)
    : JsonException("The value does not fit its field.", innerException)
{
    public override string Message => describe(JsonPaths.FieldOf(Path));
}
