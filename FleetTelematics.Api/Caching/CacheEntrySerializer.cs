using System.Text;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// A compact binary layout for <see cref="CacheEntry"/>. Reading it slices the body out of the stored bytes without
/// copying or re-parsing it: a hit writes exactly the bytes the miss produced.
/// </summary>
public static class CacheEntrySerializer
{
    private const byte FormatVersion = 1;

    public static byte[] Serialize(CacheEntry entry)
    {
        var buffer = new MemoryStream(entry.Body.Length + 256);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write((byte)entry.Tokens.Count);
            foreach (var token in entry.Tokens)
            {
                writer.Write(token);
            }

            writer.Write(entry.CreatedAt.UtcTicks);
            writer.Write(entry.ETag);
            writer.Write(entry.ContentType);
            writer.Write((ushort)entry.Headers.Count);
            foreach (var (name, value) in entry.Headers)
            {
                writer.Write(name);
                writer.Write(value);
            }

            writer.Write(entry.Body.Length);
            writer.Write(entry.Body.Span);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads an entry, or returns null for bytes of another format version or a damaged layout. (Damage inside the body
    /// itself is not detected: there is no checksum; the store is trusted not to flip bytes.)
    /// </summary>
    public static CacheEntry? Deserialize(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var tokens = new string[reader.ReadByte()];
            for (var i = 0; i < tokens.Length; i++)
            {
                tokens[i] = reader.ReadString();
            }

            var createdAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var etag = reader.ReadString();
            var contentType = reader.ReadString();
            var headers = new KeyValuePair<string, string>[reader.ReadUInt16()];
            for (var i = 0; i < headers.Length; i++)
            {
                headers[i] = new(reader.ReadString(), reader.ReadString());
            }

            var length = reader.ReadInt32();
            var offset = (int)reader.BaseStream.Position;
            return offset + length != bytes.Length
                ? null
                : new CacheEntry(bytes.AsMemory(offset, length), contentType, etag, createdAt, headers, tokens);
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException)
        {
            // A damaged value (EndOfStreamException is an IOException) is a miss, never a 500.
            return null;
        }
    }
}
