using System.Reflection;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

/// <summary>A store that forwards every call to a working one after letting a test change the arguments, to break one rule.</summary>
public class Tamper<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private Action<string, object?[]> _edit = null!;

    public static T Create(T inner, Action<string, object?[]> edit)
    {
        var proxy = Create<T, Tamper<T>>();
        var tamper = (Tamper<T>)(object)proxy;
        tamper._inner = inner;
        tamper._edit = edit;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        _edit(targetMethod.Name, args);
        return targetMethod.Invoke(_inner, args);
    }
}
