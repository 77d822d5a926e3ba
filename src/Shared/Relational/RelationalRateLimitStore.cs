using SnsTelegram.Sdk.Storage;

namespace SnsTelegram.Sdk.Relational;

/// <summary>
/// Rate-limit permits in a relational database, one row per permit. A take is one <c>INSERT ... SELECT ... WHERE
/// (count in window) &lt; limit</c> in a transaction that holds the pair's row lock: PostgreSQL serialises the takes of
/// one pair with an advisory lock (without it, two transactions could each count the other's permit out), SQLite runs
/// one writer at a time. A refused take reads, in the same transaction, when the permit that holds the limit leaves
/// the window.
/// </summary>
internal abstract class RelationalRateLimitStore(RelationalDatabase database) : IRateLimitStore
{
    private readonly RelationalStatements _sql = database.Statements;

    public async ValueTask<RateLimitResult> TryTakeAsync(string scope, string key, int limit, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        StoreArguments.RateLimit(scope, key, limit, window);
        var take = new RelationalCommand(_sql.TakePermit)
            .Text("scope", scope)
            .Text("key", key)
            .Instant("now", now)
            .Instant("expires", now + window)
            .Instant("since", now - window)
            .Bigint("limit", limit);

        // read in the same transaction; used only when the take was refused
        var limiting = new RelationalCommand(_sql.LimitingPermit)
            .Text("scope", scope)
            .Text("key", key)
            .Instant("since", now - window)
            .Bigint("skip", limit - 1);
        var rows = await database.WriteAsync(
            Lock(scope, key),
            [take, limiting],
            static r => (Value: r.GetInt64(0), IsPermit: r.GetInt32(1) == 0),
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (row.IsPermit)
            {
                return RateLimitResult.Grant(new RateLimitPermit(scope, key, row.Value, now));
            }
        }

        // refused: the limit-th newest permit is there, read under the same lock; only a purge by an instance whose
        // clock runs ahead could have removed it, and then a permit is free at once
        return rows.Count == 1 ? RateLimitResult.Refuse(StoredValues.Instant(rows[0].Value) + window - now) : RateLimitResult.Refuse(TimeSpan.Zero);
    }

    public async ValueTask<bool> ReturnAsync(RateLimitPermit permit, CancellationToken cancellationToken = default)
    {
        StoreArguments.Permit(permit);
        var give = new RelationalCommand(_sql.ReturnPermit).Bigint("id", permit.Id).Text("scope", permit.Scope).Text("key", permit.Key);
        return await database.WriteAsync(Lock(permit.Scope, permit.Key), [give], cancellationToken).ConfigureAwait(false) == 1;
    }

    public ValueTask<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(new RelationalCommand(_sql.PurgePermits).Instant("before", before), cancellationToken);

    /// <summary>The lock of one (scope, key) pair (pairs whose locks meet only wait for each other).</summary>
    private static RowLock Lock(string scope, string key) => RowLock.OnUser("rate-limit", scope + "\n" + key);
}
