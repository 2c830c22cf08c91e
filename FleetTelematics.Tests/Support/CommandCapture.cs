using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Records the statements EF Core sends, text and parameters, so a test can run one of them again under EXPLAIN
/// exactly as the application sent it.
/// </summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly List<NpgsqlCommand> _commands = [];

    public IReadOnlyList<NpgsqlCommand> Commands => _commands;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        var copy = new NpgsqlCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            copy.Parameters.Add(parameter.Clone());
        }

        _commands.Add(copy);
    }
}
