using System.Reflection;

namespace SnsTelegram.Sdk.Storage.Specification.Tests;

/// <summary>Makes a store that forwards every call to a working one after letting a test change the arguments, to break one rule.</summary>
public static class Tamper
{
    public static T Create<T>(T inner, Action<string, object?[]> edit)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, Tamper<T>>();
        var tamper = (Tamper<T>)(object)proxy;
        tamper.Inner = inner;
        tamper.Edit = edit;
        return proxy;
    }
}

/// <summary>The proxy behind <see cref="Tamper.Create"/>.</summary>
public class Tamper<T> : DispatchProxy
    where T : class
{
    internal T Inner { get; set; } = null!;

    internal Action<string, object?[]> Edit { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        Edit(targetMethod.Name, args);
        return targetMethod.Invoke(Inner, args);
    }
}
