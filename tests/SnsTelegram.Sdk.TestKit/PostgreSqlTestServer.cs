using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// A private, throwaway PostgreSQL cluster for the test run: Debian's server binaries (the newest version under
/// /usr/lib/postgresql), <c>initdb</c> into a temporary directory, listening on 127.0.0.1 on a free port with its unix
/// socket in that directory and trust authentication. Started once, on first use, and shared by every PostgreSQL test;
/// stopped and deleted when the test process exits (and by a small watchdog if the process is killed). As root, the
/// server runs as the <c>postgres</c> OS user, because PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PostgreSqlTestServer
{
    private const string Root = "/usr/lib/postgresql";

    private static readonly Lazy<PostgreSqlTestServer> Shared = new(() => Start(Root), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private PostgreSqlTestServer(string bin, string directory, int port, bool asPostgresUser)
    {
        _bin = bin;
        Directory = directory;
        _data = Path.Combine(directory, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>The shared server, started on first use; fails with how to install PostgreSQL when its binaries are missing.</summary>
    public static PostgreSqlTestServer Instance => Shared.Value;

    public string Directory { get; }

    public int Port { get; }

    /// <summary>A connection string for the superuser on the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// A server of its own for a test that stops and starts it (an outage must not touch the shared server the other
    /// tests use); the caller deletes it with <see cref="Discard"/>.
    /// </summary>
    public static PostgreSqlTestServer StartPrivate() => Start(Root);

    /// <summary>
    /// Stops the server as an outage does: a fast shutdown ends every session (their sockets close) and refuses new
    /// connections until <see cref="StartAgain"/>. The data stays.
    /// </summary>
    public void StopServer() => RunServerTool("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts a server stopped by <see cref="StopServer"/> again, on the same port, with the same data.</summary>
    public void StartAgain() => StartServer();

    /// <summary>Stops a private server and deletes its directory.</summary>
    public void Discard() => Stop();

    /// <summary>A connection string for <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates a new empty database and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "db_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE {name};");
        return name;
    }

    /// <summary>Runs SQL as the superuser on the <c>postgres</c> database (or on <paramref name="database"/>).</summary>
    public void Execute(string sql, string? database = null)
    {
        using var connection = new NpgsqlConnection(database is null ? ConnectionString : ConnectionStringFor(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query as the superuser and returns the first column of the first row.</summary>
    public object? Scalar(string sql, string? database = null)
    {
        using var connection = new NpgsqlConnection(database is null ? ConnectionString : ConnectionStringFor(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>The newest installed server's bin directory under <paramref name="root"/>, or null.</summary>
    internal static string? FindBinaries(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(root)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Contains('.', StringComparison.Ordinal) ? Path.GetFileName(d) : Path.GetFileName(d) + ".0", out var v) ? v : null))
            .Where(x => x.Version is not null && File.Exists(Path.Combine(x.Dir, "bin", "initdb")) && File.Exists(Path.Combine(x.Dir, "bin", "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }

    /// <summary>Starts a server from the newest binaries under <paramref name="root"/>; the shared instance uses /usr/lib/postgresql.</summary>
    internal static PostgreSqlTestServer Start(string root)
    {
        var bin = FindBinaries(root) ?? throw new InvalidOperationException(
            $"The PostgreSQL tests need the PostgreSQL server binaries ({root}/<version>/bin/initdb), which are not installed. " +
            "Install them with `apt-get install -y postgresql` (no service needs to run: the tests start a throwaway server of their own).");

        var asPostgresUser = Environment.UserName == "root";
        // /tmp rather than a user's TMPDIR: the postgres user must be able to reach the directory
        var directory = Path.Combine(asPostgresUser ? "/tmp" : Path.GetTempPath(), "snstelegram-pg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", directory]);
        }

        var server = new PostgreSqlTestServer(bin, directory, FreePort(), asPostgresUser);
        server.RunServerTool("initdb", ["-D", server._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server.StartServer();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                server.StartWatchdog();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // most likely the port was taken between choosing it and binding it: try another one
                server = new PostgreSqlTestServer(bin, directory, FreePort(), asPostgresUser);
            }
        }
    }

    private void StartServer()
    {
        var options = string.Join(' ',
            $"-p {Port}",
            $"-k {Directory}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=500",
            "-c shared_buffers=32MB",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        RunServerTool("pg_ctl", ["-D", _data, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    private void Stop()
    {
        try
        {
            RunServerTool("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
        }
        catch (Exception)
        {
            // the watchdog tries again when this process is gone
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception)
        {
            // the watchdog deletes it
        }
    }

    /// <summary>A detached shell that stops the server and deletes its directory once this process is gone, however it ended.</summary>
    private void StartWatchdog()
    {
        var stop = Command("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {Quote(stop.File)} {string.Join(' ', stop.Arguments.Select(Quote))}; rm -rf {Quote(Directory)}";
        Run("sh", ["-c", $"setsid sh -c {Quote(script)} </dev/null >/dev/null 2>&1 &"]);
    }

    private void RunServerTool(string tool, string[] arguments)
    {
        var (file, args) = Command(tool, arguments);
        Run(file, args, Directory);
    }

    private (string File, string[] Arguments) Command(string tool, string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser ? ("runuser", ["-u", "postgres", "--", path, .. arguments]) : (path, arguments);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Run(string file, string[] arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
