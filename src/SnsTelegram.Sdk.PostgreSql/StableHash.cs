using System.Text;

namespace SnsTelegram.Sdk.PostgreSql;

/// <summary>FNV-1a over UTF-8: a hash that is the same in every process and version, for advisory-lock keys.</summary>
internal static class StableHash
{
    public static int Of32(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }

    public static long Of64(string value)
    {
        var hash = 14695981039346656037ul;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 1099511628211ul;
        }

        return unchecked((long)hash);
    }
}
