namespace SnsTelegram.Sdk.Reporting;

/// <summary>The answer to a request to run a job now.</summary>
internal enum ManualJobRunStatus
{
    /// <summary>This instance took the manual occurrence and started the run.</summary>
    Started,

    /// <summary>No job has that id.</summary>
    UnknownJob,

    /// <summary>The job is turned off.</summary>
    Disabled,

    /// <summary>The job is running on this instance now.</summary>
    Running,

    /// <summary>This minute's manual occurrence is held or done by an instance (this one or another).</summary>
    Taken,
}
