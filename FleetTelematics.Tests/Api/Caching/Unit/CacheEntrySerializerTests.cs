using System.Text;
using FleetTelematics.Api.Caching;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching.Unit;

[Category(TestKinds.Unit)]
public sealed class CacheEntrySerializerTests
{
    private static readonly DateTimeOffset CreatedAt = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    [Test]
    public void Deserialize_SerializedEntry_ReturnsEqualEntry()
    {
        var entry = Entry(Encoding.UTF8.GetBytes("""[{"driver_id":"DRV-0001","name":"Zoë Ångström"}]"""),
            ["0123456789abcdef01234567", "fedcba9876543210fedcba98"]);

        var read = CacheEntrySerializer.Deserialize(CacheEntrySerializer.Serialize(entry));

        read.Should().NotBeNull();
        read!.Body.ToArray().Should().Equal(entry.Body.ToArray());
        read.ContentType.Should().Be(entry.ContentType);
        read.ETag.Should().Be(entry.ETag);
        read.CreatedAt.Should().Be(CreatedAt);
        read.Headers.Should().Equal(entry.Headers);
        read.Tokens.Should().Equal(entry.Tokens);
    }

    [Test]
    public void Deserialize_EmptyBodyNoHeadersNoTokens_ReturnsEqualEntry()
    {
        var entry = new CacheEntry(ReadOnlyMemory<byte>.Empty, "application/json", "\"e\"", CreatedAt, [], []);

        var read = CacheEntrySerializer.Deserialize(CacheEntrySerializer.Serialize(entry));

        read.Should().NotBeNull();
        read!.Body.Length.Should().Be(0);
        read.Headers.Should().BeEmpty();
        read.Tokens.Should().BeEmpty();
    }

    [Test]
    public void Deserialize_BinaryBody_KeepsEveryByte()
    {
        var body = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var read = CacheEntrySerializer.Deserialize(CacheEntrySerializer.Serialize(Entry(body, ["t"])));

        read!.Body.ToArray().Should().Equal(body);
    }

    [Test]
    public void Deserialize_EveryTruncation_ReturnsNull()
    {
        var bytes = CacheEntrySerializer.Serialize(Entry(Encoding.UTF8.GetBytes("{\"total\":3}"), ["a1", "b2"]));

        var truncations = Enumerable.Range(0, bytes.Length).Select(length => CacheEntrySerializer.Deserialize(bytes[..length]));

        truncations.Should().AllSatisfy(entry => entry.Should().BeNull());
    }

    [Test]
    public void Deserialize_TrailingBytes_ReturnsNull()
    {
        var bytes = CacheEntrySerializer.Serialize(Entry(Encoding.UTF8.GetBytes("{}"), ["a1"]));

        var read = CacheEntrySerializer.Deserialize([.. bytes, 0x20]);

        read.Should().BeNull();
    }

    [TestCase((byte)0)]
    [TestCase((byte)2)]
    [TestCase((byte)255)]
    public void Deserialize_OtherFormatVersion_ReturnsNull(byte version)
    {
        var bytes = CacheEntrySerializer.Serialize(Entry(Encoding.UTF8.GetBytes("{}"), ["a1"]));
        bytes[0] = version;

        var read = CacheEntrySerializer.Deserialize(bytes);

        read.Should().BeNull();
    }

    [Test]
    public void Deserialize_CreationTimeOutOfRange_ReturnsNull()
    {
        // Without tokens the creation time is bytes 2..9; all ones is -1 tick, which no DateTimeOffset can hold.
        var bytes = CacheEntrySerializer.Serialize(Entry(Encoding.UTF8.GetBytes("{}"), []));
        bytes.AsSpan(2, sizeof(long)).Fill(0xFF);

        var read = () => CacheEntrySerializer.Deserialize(bytes);

        read.Should().NotThrow().Which.Should().BeNull();
    }

    [Test]
    public void Deserialize_DamagedStringLength_ReturnsNull()
    {
        // Without tokens the ETag's length prefix starts at byte 10; five 0xFF bytes are no valid 7-bit encoded length.
        var bytes = CacheEntrySerializer.Serialize(Entry(Encoding.UTF8.GetBytes("{}"), []));
        bytes.AsSpan(10, 5).Fill(0xFF);

        var read = () => CacheEntrySerializer.Deserialize(bytes);

        read.Should().NotThrow().Which.Should().BeNull();
    }

    private static CacheEntry Entry(byte[] body, string[] tokens) =>
        new(body, "application/json; charset=utf-8", "\"5d41402abc4b2a76b9719d911017c592\"", CreatedAt,
            [new("X-Total-Count", "200"), new("Link", "</api/v1/admin/drivers?skip=100>; rel=\"next\"")], tokens);
}
