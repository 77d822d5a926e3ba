using System.Reflection;

namespace SnsTelegram.Sdk.Tests.Updates;

/// <summary>Puts a <see cref="FlakyStore{T}"/> in front of a real store.</summary>
public static class FlakyStores
{
    /// <summary>Wraps <paramref name="inner"/>; the returned control says which calls fail.</summary>
    public static (T Store, FlakyStore<T> Control) Wrap<T>(T inner)
        where T : class
    {
        var store = DispatchProxy.Create<T, FlakyStore<T>>();
        var control = (FlakyStore<T>)(object)store;
        control.Inner = inner;
        return (store, control);
    }
}
