namespace SnsTelegram.Sdk.Tests.Storage;

internal static class Race
{
    /// <summary>Starts <paramref name="count"/> calls at once on pool threads and waits for all of them.</summary>
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(count);
        var tasks = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            var n = i;
            tasks[i] = Task.Run(async () =>
            {
                ready.Signal();
                await start.Task;
                return await call(n);
            });
        }

        ready.Wait(TimeSpan.FromSeconds(60)).ShouldBeTrue("the racers did not start");
        start.SetResult();
        return await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120));
    }
}
