using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace SnsTelegram.Sdk.Tests.Updates;

/// <summary>A store of type <typeparamref name="T"/> in front of a real one, whose named methods fail the next few calls.</summary>
public class FlakyStore<T> : DispatchProxy
    where T : class
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private Func<Exception> _error = () => new StoreDownException();

    /// <summary>The real store the calls go to.</summary>
    internal T Inner { get; set; } = null!;

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> throw <paramref name="error"/> (default: <see cref="StoreDownException"/>).</summary>
    public void FailNext(string method, int count = 1, Func<Exception>? error = null)
    {
        _failures[method] = count;
        if (error is not null)
        {
            _error = error;
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_failures.TryGetValue(targetMethod.Name, out var left) && left > 0 && _failures.TryUpdate(targetMethod.Name, left - 1, left))
        {
            throw _error();
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
