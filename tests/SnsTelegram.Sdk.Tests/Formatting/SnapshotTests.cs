namespace SnsTelegram.Sdk.Tests.Formatting;

/// <summary>The approval helper itself: a snapshot never passes silently.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snapshots-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_missing_snapshot_fails_and_writes_the_received_file()
    {
        Should.Throw<Xunit.Sdk.XunitException>(() => Snapshot.Verify("text", _directory, "C.M_case", accept: false, ci: false))
            .Message.ShouldContain("no approved snapshot");
        File.ReadAllText(Path.Combine(_directory, "C.M_case.received.txt")).ShouldBe("text\n");
        File.Exists(Path.Combine(_directory, "C.M_case.approved.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_different_snapshot_fails_and_a_matching_one_passes_and_clears_the_received_file()
    {
        File.WriteAllText(Path.Combine(_directory, "C.M_case.approved.txt"), "line 1\r\nline 2\n");

        Should.Throw<Xunit.Sdk.XunitException>(() => Snapshot.Verify("line 1\nline 3", _directory, "C.M_case", accept: false, ci: false))
            .Message.ShouldContain("differs");
        File.Exists(Path.Combine(_directory, "C.M_case.received.txt")).ShouldBeTrue();

        Snapshot.Verify("line 1\nline 2", _directory, "C.M_case", accept: false, ci: false);
        File.Exists(Path.Combine(_directory, "C.M_case.received.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Accepting_writes_the_approved_file_but_never_under_CI()
    {
        Should.Throw<Xunit.Sdk.XunitException>(() => Snapshot.Verify("new", _directory, "C.M_ci", accept: true, ci: true));
        File.Exists(Path.Combine(_directory, "C.M_ci.approved.txt")).ShouldBeFalse();

        Snapshot.Verify("new", _directory, "C.M_dev", accept: true, ci: false);
        File.ReadAllText(Path.Combine(_directory, "C.M_dev.approved.txt")).ShouldBe("new\n");
    }
}
