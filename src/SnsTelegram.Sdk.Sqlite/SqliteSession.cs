using System.Data.Common;
using Microsoft.Data.Sqlite;
using SnsTelegram.Sdk.Relational;

namespace SnsTelegram.Sdk.Sqlite;

/// <summary>
/// One open connection rented from <see cref="SqliteDatabase"/>, with its prepared commands. Not thread-safe: one
/// operation uses it at a time. A session left inside a transaction (the operation threw) is rolled back and closed.
/// </summary>
internal sealed class SqliteSession : IAsyncDisposable
{
    private readonly SqliteDatabase _owner;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    internal SqliteSession(SqliteDatabase owner, SqliteConnection connection)
    {
        _owner = owner;
        _connection = connection;
    }

    /// <summary>The cached command for <paramref name="text"/>, with no parameters, in the current transaction if any.</summary>
    public SqliteCommand Command(string text)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = text;
            _commands.Add(text, command);
        }

        command.Parameters.Clear();
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>The cached command for <paramref name="command"/>'s text, with its values bound, in the current transaction if any.</summary>
    public SqliteCommand Command(RelationalCommand command)
    {
        var sqlite = Command(command.Sql);
        foreach (var parameter in command.Parameters)
        {
            sqlite.Parameters.AddWithValue("@" + parameter.Name, parameter.Value ?? DBNull.Value);
        }

        return sqlite;
    }

    /// <summary>Runs <paramref name="command"/> and adds each row it returns, mapped, to <paramref name="rows"/>.</summary>
    public async Task ReadAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, List<T> rows, CancellationToken cancellationToken)
    {
        await using var reader = await Command(command).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
    }

    /// <summary>Begins a write transaction now (<c>BEGIN IMMEDIATE</c>), waiting for other writers up to the busy timeout.</summary>
    public void BeginImmediate() => _transaction = _connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("No transaction to commit.");
        transaction.Commit();
        transaction.Dispose();
        _transaction = null;
    }

    /// <summary>
    /// Rolls back the current transaction, if SQLite has not already done so. A session whose rollback fails is closed
    /// when disposed (never reused inside a broken transaction), and the failure is thrown.
    /// </summary>
    public void Rollback()
    {
        var transaction = _transaction;
        if (transaction is null)
        {
            return;
        }

        // Microsoft.Data.Sqlite notices a transaction SQLite rolled back on its own (after SQLITE_FULL, IOERR, ...)
        // and only marks it completed. If this throws, _transaction stays set and DisposeAsync closes the connection.
        transaction.Rollback();
        transaction.Dispose();
        _transaction = null;
    }

    /// <summary>Whether this session holds the owner's write turn, given back on dispose.</summary>
    internal bool HoldsWriteTurn { get; set; }

    public ValueTask DisposeAsync()
    {
        // read the flag before the session goes back to the pool, where another operation may rent it at once
        var endTurn = HoldsWriteTurn;
        HoldsWriteTurn = false;
        try
        {
            if (_transaction is null)
            {
                _owner.Return(this);
                return ValueTask.CompletedTask;
            }

            try
            {
                _transaction.Dispose();
            }
            finally
            {
                _transaction = null;
                Close();
            }

            return ValueTask.CompletedTask;
        }
        finally
        {
            if (endTurn)
            {
                _owner.EndWriteTurn();
            }
        }
    }

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}
