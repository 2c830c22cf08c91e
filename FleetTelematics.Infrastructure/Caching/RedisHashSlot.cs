using System.Text;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Redis Cluster's slot function: CRC16 (XMODEM) of a key's hash tag — the text between its first <c>{</c> and the
/// next <c>}</c> — or of the whole key when it has none, modulo 16384. The layout uses it to pick hash tags that land
/// where it wants them; StackExchange.Redis computes the same function only when connected to a cluster.
/// </summary>
public static class RedisHashSlot
{
    public const int SlotCount = 16384;

    public static int Of(string key)
    {
        ReadOnlySpan<byte> bytes = Encoding.UTF8.GetBytes(key);
        var open = bytes.IndexOf((byte)'{');
        if (open >= 0 && bytes[(open + 1)..].IndexOf((byte)'}') is > 0 and var length)
        {
            bytes = bytes.Slice(open + 1, length);
        }

        return Crc16(bytes) % SlotCount;
    }

    /// <summary>CRC16-XMODEM, Redis's checksum for slots; also a stable, well-spread hash for anything else.</summary>
    public static int Crc16(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var value in bytes)
        {
            crc ^= value << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return crc & 0xFFFF;
    }
}
