namespace SnsTelegram.Sdk.TestKit;

/// <summary>
/// The one way tests wait for state that changes in the background: poll a condition on a clock until it holds, and fail
/// with what was awaited when the timeout passes.
/// </summary>
/// <remarks>
/// The clock paces the polls and measures the timeout. It is the real clock unless a test passes another one; a fake
/// clock only moves when the test advances it, so pass one only when something else drives it forward. Most tests run
/// the library on a fake clock and wait on the real one (the default), because the library's background work runs in
/// real time between the test's steps.
/// </remarks>
internal static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise: generous, as a shared two-core machine can be slow.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often the condition is checked.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static Task WaitUntilAsync(
        Func<bool> condition,
        string because,
        TimeSpan? timeout = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => Task.FromResult(condition()), because, timeout, timeProvider, cancellationToken);

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilAsync(
        Func<Task<bool>> condition,
        string because,
        TimeSpan? timeout = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        var clock = timeProvider ?? TimeProvider.System;
        var limit = timeout ?? DefaultTimeout;
        var started = clock.GetTimestamp();
        while (!await condition())
        {
            if (clock.GetElapsedTime(started) >= limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting until {because}.");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }
}
