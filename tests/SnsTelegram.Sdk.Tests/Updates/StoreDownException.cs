using System.Data.Common;

namespace SnsTelegram.Sdk.Tests.Updates;

/// <summary>What a database provider throws when its server cannot be reached (a <see cref="DbException"/>, as SQLite's and Npgsql's are).</summary>
public sealed class StoreDownException() : DbException("The database cannot be reached.");
