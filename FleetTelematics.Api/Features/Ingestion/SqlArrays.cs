using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A batch's columns travel as typed arrays that SQL unnests: one parameter a column, whatever the batch size.</summary>
internal static class SqlArrays
{
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Parameter<T>(T[] values, NpgsqlDbType elementType) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };
}
