using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

/// <summary>
/// A throwaway PostgreSQL cluster: the newest server binaries under /usr/lib/postgresql, <c>initdb</c> into a temporary
/// directory, 127.0.0.1 on a free port, trust authentication, durability off (fsync, synchronous commit). As root it runs
/// as the <c>postgres</c> OS user. Stopped and deleted on dispose.
/// </summary>
internal sealed class PostgreSqlServer : IDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private PostgreSqlServer(string bin, string directory, int port, bool asPostgresUser)
    {
        _bin = bin;
        _directory = directory;
        _data = Path.Combine(directory, "data");
        _asPostgresUser = asPostgresUser;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ConnectionString;
    }

    public int Port { get; }

    public string ConnectionString { get; }

    public string Version => Path.GetFileName(Path.GetDirectoryName(_bin)!);

    public static PostgreSqlServer Start()
    {
        const string Root = "/usr/lib/postgresql";
        var bin = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"PostgreSQL server binaries ({Root}/<version>/bin/initdb) are missing: apt-get install -y postgresql");
        }

        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine(asPostgresUser ? "/tmp" : Path.GetTempPath(), "snstelegram-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", directory]);
        }

        var server = new PostgreSqlServer(bin, directory, FreePort(), asPostgresUser);
        server.Tool("initdb", ["-D", server._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var options = $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=128MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        server.Tool("pg_ctl", ["-D", server._data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
        return server;
    }

    public void Dispose()
    {
        try
        {
            Tool("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Tool(string tool, string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments], _directory);
        }
        else
        {
            Run(path, arguments, _directory);
        }
    }

    private static void Run(string file, string[] arguments, string workingDirectory = "/")
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result} {error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
