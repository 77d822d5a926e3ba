namespace SnsTelegram.Sdk.Storage.Specification;

/// <summary>Starts concurrent calls at the same moment, to test what a store does under a race.</summary>
public static class Race
{
    /// <summary>Starts <paramref name="count"/> calls at once on pool threads and waits for all of them.</summary>
    /// <typeparam name="T">What each call returns.</typeparam>
    /// <param name="count">How many calls to start.</param>
    /// <param name="call">The call, given its number from 0 to <paramref name="count"/> - 1.</param>
    /// <returns>The results in the order of the calls' numbers.</returns>
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> call)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(call);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = count;
        var tasks = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            var n = i;
            tasks[i] = Task.Run(async () =>
            {
                if (Interlocked.Decrement(ref waiting) == 0)
                {
                    allReady.SetResult();
                }

                await start.Task;
                return await call(n);
            });
        }

        await allReady.Task.WaitAsync(TimeSpan.FromSeconds(60));
        start.SetResult();
        return await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120));
    }
}
