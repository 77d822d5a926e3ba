using System.Data;
using System.Data.Common;
using System.Diagnostics.Metrics;
using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// One database shared by the relational stores: the one schema migration runner, and the hooks through which the
/// stores run the statements of <see cref="Statements"/>. A database's subclass keeps only what is its own: how it opens
/// connections and runs reads and writes (SQLite's group commit; PostgreSQL's prepared batches and advisory locks), how
/// a migration starts, and its log message.
/// <para>
/// The schema is created or upgraded once per instance, on first use or at start: in one transaction, the version kept
/// in <c>schema_version</c> is read, a newer one than this library knows is refused, and the missing migrations of
/// <see cref="Migrations"/> run in order (version n is reached by applying migrations 1..n).
/// </para>
/// <para>
/// Chat ids are kept encrypted (AES-256-GCM, <c>chat_id_cipher</c>) with a keyed hash (HMAC-SHA256, <c>chat_id_hash</c>)
/// to find and group rows by chat. The data keys live in <c>data_keys</c>, wrapped by <see cref="ChatIdProtection"/>; they
/// are read (and, by the migration that adds them, created) in the migration's transaction, so a key that cannot be
/// unwrapped stops the app at start. That migration (<see cref="ChatIdEncryptionVersion"/>) also encrypts the rows of an
/// older schema, in the same transaction, and then drops their plaintext column.
/// </para>
/// </summary>
internal abstract class RelationalDatabase : IDisposable
{
    /// <summary>How many rows a transaction of the re-encryption rewrites (and a read of the upgrade fetches).</summary>
    private const int ReencryptBatch = 500;

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly Counter<long>? _transactions;
    private readonly KeyValuePair<string, object?> _systemTag;
    private readonly ChatIdProtection _protection;
    private volatile bool _schemaReady;
    private volatile ChatIdKeys? _keys;

    /// <param name="statements">The statement catalogue in this database's SQL.</param>
    /// <param name="protection">Unwraps the data keys of the encrypted chat ids.</param>
    /// <param name="system">The database's name in telemetry (<c>sqlite</c>, <c>postgresql</c>).</param>
    /// <param name="meterFactory">Creates the <c>SnsTelegram</c> meter; null: no metrics.</param>
    protected RelationalDatabase(RelationalStatements statements, ChatIdProtection protection, string system, IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(protection);
        Statements = statements;
        _protection = protection;
        Meter = meterFactory?.Create(SnsTelegramDiagnostics.Name);
        _systemTag = new KeyValuePair<string, object?>("db.system.name", system);
        _transactions = Meter?.CreateCounter<long>(
            "snstelegram.storage.transactions",
            "{transaction}",
            "Write transactions committed by the storage provider (SQLite commits concurrent writes together, as one; tag db.system.name).");
    }

    /// <summary>The statements, in this database's SQL.</summary>
    public RelationalStatements Statements { get; }

    /// <summary>The <c>SnsTelegram</c> meter, or null without a meter factory.</summary>
    protected Meter? Meter { get; }

    /// <summary>The tag that names this database on its instruments.</summary>
    protected KeyValuePair<string, object?> SystemTag => _systemTag;

    /// <summary>Whether the schema is known to be current.</summary>
    protected bool SchemaReady => _schemaReady;

    /// <summary>The migrations; index i brings a database from version i to version i + 1.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The schema version whose migration adds the encrypted chat-id columns and the data keys.</summary>
    protected abstract int ChatIdEncryptionVersion { get; }

    /// <summary>Drops the plaintext chat-id columns (and their indexes), once the migration to <see cref="ChatIdEncryptionVersion"/> has encrypted them.</summary>
    protected abstract string DropPlaintextChatIds { get; }

    /// <summary>What holds the schema, for messages: "The SQLite file '...'" or "The PostgreSQL schema '...' of ...".</summary>
    protected abstract string SchemaHolder { get; }

    /// <summary>The provider package, for messages.</summary>
    protected abstract string PackageName { get; }

    /// <summary>Runs a read and maps each row of its result.</summary>
    public abstract ValueTask<List<T>> ReadAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in order as one transaction, holding <paramref name="rowLock"/> where the database
    /// has such locks; returns how many rows the last one changed.
    /// </summary>
    public abstract ValueTask<int> WriteAsync(RowLock? rowLock, RelationalCommand[] commands, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in order as one transaction, holding <paramref name="rowLock"/> where the database
    /// has such locks; returns the rows they return (<c>RETURNING</c>), mapped.
    /// </summary>
    public abstract ValueTask<List<T>> WriteAsync<T>(RowLock? rowLock, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> in order as one transaction, holding every lock of <paramref name="rowLocks"/>
    /// (taken in the order given, so callers give them sorted) where the database has such locks; returns the rows they
    /// return (<c>RETURNING</c>), mapped.
    /// </summary>
    public abstract ValueTask<List<T>> WriteLockedAsync<T>(IReadOnlyList<RowLock> rowLocks, RelationalCommand[] commands, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>Runs one write statement; returns how many rows it changed.</summary>
    public ValueTask<int> WriteAsync(RelationalCommand command, CancellationToken cancellationToken) =>
        WriteAsync(null, [command], cancellationToken);

    /// <summary>Runs one write statement and returns the rows it returns, mapped.</summary>
    public ValueTask<List<T>> WriteAsync<T>(RelationalCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        WriteAsync(null, [command], map, cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>The data keys of the chat ids, once the schema is current (created or upgraded first if needed).</summary>
    public async ValueTask<ChatIdKeys> KeysAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } keys)
        {
            return keys;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return _keys!;
    }

    /// <summary>
    /// Gives each row its chat id: rows whose chat id was decrypted while reading are kept; the others (under a key added
    /// since this instance read the keys) are decrypted after reading the keys again.
    /// </summary>
    public async ValueTask<List<T>> RevealAsync<T>(List<ChatIdRow<T>> rows, Func<T, long, T> withChatId, CancellationToken cancellationToken)
    {
        var revealed = new List<T>(rows.Count);
        foreach (var (row, pending) in rows)
        {
            revealed.Add(pending is null ? row : withChatId(row, await ChatIdAsync(pending, cancellationToken).ConfigureAwait(false)));
        }

        return revealed;
    }

    /// <summary>
    /// Adds a new value key, which encrypts from now on in this instance, and returns it; the rows stay under their keys
    /// until <see cref="ReencryptAsync"/>.
    /// </summary>
    public async ValueTask<int> AddValueKeyAsync(CancellationToken cancellationToken)
    {
        await KeysAsync(cancellationToken).ConfigureAwait(false);
        var id = checked((int)(await ReadAsync(new RelationalCommand(Statements.NextDataKeyId), static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false))[0]);
        var insert = new RelationalCommand(Statements.InsertDataKey).Integer("id", id).Text("wrapped", _protection.Wrap(ChatIdKeys.NewKey()));
        try
        {
            await WriteAsync(insert, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new InvalidOperationException($"Another instance added data key {id} of {SchemaHolder} at the same moment; rotate one at a time.", e);
        }

        var keys = await ReloadKeysAsync(cancellationToken).ConfigureAwait(false);
        OnKeyAdded(keys.CurrentKeyId);
        return keys.CurrentKeyId;
    }

    /// <summary>
    /// Re-encrypts, a batch per transaction, every chat id under an older key than the newest in <c>data_keys</c> (read
    /// again first); returns how many rows it rewrote.
    /// </summary>
    public async ValueTask<long> ReencryptAsync(CancellationToken cancellationToken)
    {
        await KeysAsync(cancellationToken).ConfigureAwait(false);
        var keys = await ReloadKeysAsync(cancellationToken).ConfigureAwait(false);
        var prefix = keys.CurrentKeyPrefix + "%";
        long rewritten = 0;
        foreach (var table in ChatIdTable.All)
        {
            var after = table.First;
            while (true)
            {
                var select = new RelationalCommand(Statements.StaleChatIds(table))
                    .Text("prefix", prefix).Value("after", after, table.KeyType).Integer("limit", ReencryptBatch);
                var stale = await ReadAsync(select, static r => (Key: r.GetValue(0), Value: r.GetString(1)), cancellationToken).ConfigureAwait(false);
                if (stale.Count == 0)
                {
                    break;
                }

                var updates = new RelationalCommand[stale.Count];
                for (var i = 0; i < stale.Count; i++)
                {
                    var chatId = await ChatIdAsync(stale[i].Value, cancellationToken).ConfigureAwait(false);
                    updates[i] = new RelationalCommand(Statements.ReencryptChatId(table))
                        .Text("chat", keys.Protect(chatId)).Value("key", stale[i].Key, table.KeyType).Text("old", stale[i].Value);
                }

                await WriteAsync(null, updates, cancellationToken).ConfigureAwait(false);
                rewritten += stale.Count;
                after = stale[^1].Key;
            }
        }

        OnReencrypted(keys.CurrentKeyId, rewritten);
        return rewritten;
    }

    /// <summary>Creates or upgrades the schema now (also done on first use); once per instance.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the database holds (idle connections, an owned connection pool).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _schemaGate.Dispose();
        }
    }

    /// <summary>Counts committed write transactions.</summary>
    protected void CountTransactions(int count = 1) => _transactions?.Add(count, _systemTag);

    /// <summary>A connection for the migration.</summary>
    protected abstract ValueTask<DbConnection> OpenMigrationConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the migration's transaction such that instances starting together take turns (SQLite: BEGIN IMMEDIATE;
    /// PostgreSQL: an advisory lock), and makes what must exist before the version table (a schema).
    /// </summary>
    protected abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Logs that the schema was brought from one version to another.</summary>
    protected abstract void OnSchemaMigrated(int fromVersion, int toVersion);

    /// <summary>
    /// Called after the migration that encrypted the chat ids of <paramref name="rows"/> rows of an older schema has
    /// committed: logs it, and removes what the database may still keep of the plaintext (SQLite: VACUUM).
    /// </summary>
    protected abstract ValueTask OnChatIdsEncryptedAsync(long rows, CancellationToken cancellationToken);

    /// <summary>Logs that a value key was added.</summary>
    protected abstract void OnKeyAdded(int keyId);

    /// <summary>Logs that <paramref name="rows"/> rows were re-encrypted under <paramref name="keyId"/>.</summary>
    protected abstract void OnReencrypted(int keyId, long rows);

    private async ValueTask<long> ChatIdAsync(string protectedValue, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(cancellationToken).ConfigureAwait(false);
        if (keys.TryUnprotect(protectedValue, out var chatId))
        {
            return chatId;
        }

        keys = await ReloadKeysAsync(cancellationToken).ConfigureAwait(false);
        return keys.TryUnprotect(protectedValue, out chatId)
            ? chatId
            : throw new InvalidOperationException(
                $"{SchemaHolder} holds a chat id encrypted under data key {ChatIdKeys.KeyIdOf(protectedValue)}, which is not in its data_keys table: the table was altered, or rows were copied from another database.");
    }

    /// <summary>Decrypts a text of <see cref="ChatIdKeys.ProtectText"/>, reading <c>data_keys</c> again if its key is newer than the loaded ones.</summary>
    public async ValueTask<string> UnprotectTextAsync(string protectedValue, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(cancellationToken).ConfigureAwait(false);
        if (keys.TryUnprotectText(protectedValue, out var value))
        {
            return value;
        }

        keys = await ReloadKeysAsync(cancellationToken).ConfigureAwait(false);
        return keys.TryUnprotectText(protectedValue, out value)
            ? value
            : throw new InvalidOperationException(
                $"{SchemaHolder} holds a value encrypted under data key {ChatIdKeys.KeyIdOf(protectedValue)}, which is not in its data_keys table: the table was altered, or rows were copied from another database.");
    }

    /// <summary>Reads <c>data_keys</c> again (after another instance added a key).</summary>
    private async ValueTask<ChatIdKeys> ReloadKeysAsync(CancellationToken cancellationToken)
    {
        var wrapped = await ReadAsync(new RelationalCommand(Statements.ReadDataKeys), static r => (Id: r.GetInt32(0), Key: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var keys = OpenKeys(wrapped);
        _keys = keys;
        return keys;
    }

    private ChatIdKeys OpenKeys(List<(int Id, string Key)> wrapped)
    {
        var lookup = wrapped.Where(k => k.Id == 0).Select(k => _protection.Unwrap(k.Key, SchemaHolder)).FirstOrDefault();
        var values = wrapped.Where(k => k.Id >= 1).ToDictionary(k => k.Id, k => _protection.Unwrap(k.Key, SchemaHolder));
        return lookup is null || values.Count == 0
            ? throw new InvalidOperationException(
                $"{SchemaHolder} has lost the data keys of its encrypted chat ids (its data_keys table lacks the lookup key or every value key); restore the table from a backup of the same database.")
            : new ChatIdKeys(lookup, values);
    }

    /// <summary>Reads the data keys in the migration's transaction; when <paramref name="create"/> and there are none, creates them first.</summary>
    private async Task<ChatIdKeys> LoadKeysAsync(DbConnection connection, DbTransaction transaction, bool create, CancellationToken cancellationToken)
    {
        var wrapped = await ReadAsync(connection, transaction, new RelationalCommand(Statements.ReadDataKeys), static r => (Id: r.GetInt32(0), Key: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        if (wrapped.Count == 0 && create)
        {
            foreach (var id in (int[])[0, 1])
            {
                var key = _protection.Wrap(ChatIdKeys.NewKey());
                await ExecuteAsync(connection, transaction, new RelationalCommand(Statements.InsertDataKey).Integer("id", id).Text("wrapped", key), cancellationToken).ConfigureAwait(false);
                wrapped.Add((id, key));
            }
        }

        return OpenKeys(wrapped);
    }

    /// <summary>Encrypts the chat ids that an older schema kept in plaintext, in the migration's transaction; returns how many rows.</summary>
    private async Task<long> EncryptPlaintextAsync(DbConnection connection, DbTransaction transaction, ChatIdKeys keys, CancellationToken cancellationToken)
    {
        long encrypted = 0;
        foreach (var table in ChatIdTable.All)
        {
            var after = table.First;
            while (true)
            {
                var select = new RelationalCommand(Statements.PlaintextChatIds(table)).Value("after", after, table.KeyType).Integer("limit", ReencryptBatch);
                var rows = await ReadAsync(connection, transaction, select, static r => (Key: r.GetValue(0), ChatId: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    break;
                }

                foreach (var (key, chatId) in rows)
                {
                    var update = new RelationalCommand(Statements.EncryptChatId(table))
                        .Text("chat", keys.Protect(chatId)).Text("chatHash", keys.Hash(chatId)).Value("key", key, table.KeyType);
                    await ExecuteAsync(connection, transaction, update, cancellationToken).ConfigureAwait(false);
                }

                encrypted += rows.Count;
                after = rows[^1].Key;
            }
        }

        return encrypted;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenMigrationConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, Statements.CreateVersionTable, cancellationToken).ConfigureAwait(false);
                var version = Convert.ToInt32(await ScalarAsync(connection, transaction, Statements.ReadVersion, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                var current = Migrations.Count;
                if (version > current)
                {
                    throw new InvalidOperationException(
                        $"{SchemaHolder} has schema version {version}, newer than the version {current} this {PackageName} understands; upgrade the package.");
                }

                ChatIdKeys? keys = null;
                long encrypted = -1;
                if (version < current)
                {
                    for (var next = version; next < current; next++)
                    {
                        await ExecuteAsync(connection, transaction, Migrations[next], cancellationToken).ConfigureAwait(false);
                        if (next + 1 == ChatIdEncryptionVersion)
                        {
                            // the data keys are born here; rows of the older schema are encrypted before their plaintext column goes
                            keys = await LoadKeysAsync(connection, transaction, create: true, cancellationToken).ConfigureAwait(false);
                            encrypted = await EncryptPlaintextAsync(connection, transaction, keys, cancellationToken).ConfigureAwait(false);
                            await ExecuteAsync(connection, transaction, DropPlaintextChatIds, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await ExecuteAsync(connection, transaction, Statements.ClearVersion, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, Statements.WriteVersion(current), cancellationToken).ConfigureAwait(false);
                }

                // a key that cannot be unwrapped (another key ring, another configured key) stops the app here, at start
                keys ??= await LoadKeysAsync(connection, transaction, create: false, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _keys = keys;
                if (version < current)
                {
                    OnSchemaMigrated(version, current);
                }

                if (encrypted > 0)
                {
                    await OnChatIdsEncryptedAsync(encrypted, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, RelationalCommand relational, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, transaction, relational);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, DbTransaction transaction, RelationalCommand relational, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, transaction, relational);
        await using (command.ConfigureAwait(false))
        {
            var rows = new List<T>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }
            }

            return rows;
        }
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction transaction, RelationalCommand relational)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = relational.Sql;
        foreach (var value in relational.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = value.Name;
            parameter.DbType = value.Type switch
            {
                RelationalType.Bigint => DbType.Int64,
                RelationalType.Integer => DbType.Int32,
                RelationalType.Boolean => DbType.Boolean,
                _ => DbType.String,
            };
            parameter.Value = value.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
