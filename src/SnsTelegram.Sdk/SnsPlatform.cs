using System.Diagnostics.CodeAnalysis;

namespace SnsTelegram.Sdk;

/// <summary>
/// A social network a post goes to. The well-known ones carry a display name and an emoji; any other name
/// is kept as given (trimmed) and shown with a generic emoji.
/// </summary>
public readonly struct SnsPlatform : IEquatable<SnsPlatform>
{
    private static readonly Dictionary<string, (string Id, string Name, string Emoji)> Catalogue = BuildCatalogue();

    private readonly string? _id;
    private readonly string? _displayName;
    private readonly string? _emoji;

    private SnsPlatform(string id, string displayName, string emoji, bool isKnown)
    {
        _id = id;
        _displayName = displayName;
        _emoji = emoji;
        IsKnown = isKnown;
    }

    /// <summary>Instagram.</summary>
    public static SnsPlatform Instagram { get; } = Parse("instagram");

    /// <summary>X (formerly Twitter); <c>twitter</c> and <c>x</c> both parse to it.</summary>
    public static SnsPlatform Twitter { get; } = Parse("twitter");

    /// <summary>Facebook.</summary>
    public static SnsPlatform Facebook { get; } = Parse("facebook");

    /// <summary>TikTok.</summary>
    public static SnsPlatform TikTok { get; } = Parse("tiktok");

    /// <summary>LinkedIn.</summary>
    public static SnsPlatform LinkedIn { get; } = Parse("linkedin");

    /// <summary>YouTube.</summary>
    public static SnsPlatform YouTube { get; } = Parse("youtube");

    /// <summary>Threads.</summary>
    public static SnsPlatform Threads { get; } = Parse("threads");

    /// <summary>Pinterest.</summary>
    public static SnsPlatform Pinterest { get; } = Parse("pinterest");

    /// <summary>The ids of the well-known platforms.</summary>
    public static IReadOnlyCollection<string> KnownIds { get; } = Catalogue.Values.Select(v => v.Id).Distinct().ToArray();

    /// <summary>The canonical id: lower-case for well-known platforms (<c>instagram</c>, <c>twitter</c>), otherwise the name as given.</summary>
    public string Id => _id ?? string.Empty;

    /// <summary>The name shown to users (<c>Instagram</c>, <c>X (Twitter)</c>), or the name as given for other platforms.</summary>
    public string DisplayName => _displayName ?? string.Empty;

    /// <summary>The emoji shown before the platform's name.</summary>
    public string Emoji => _emoji ?? GenericEmoji;

    /// <summary>Whether this is one of the well-known platforms.</summary>
    public bool IsKnown { get; }

    /// <summary>The emoji of a platform the catalogue does not know.</summary>
    public const string GenericEmoji = "📱";

    /// <summary>Parses a platform name, case-insensitively (<c>Instagram</c>, <c>twitter</c>, <c>X</c>, <c>yt</c>...). Unknown names are kept as given.</summary>
    /// <exception cref="ArgumentException">The name is empty or longer than 64 characters.</exception>
    public static SnsPlatform Parse(string name)
    {
        if (!TryParse(name, out var platform))
        {
            throw new ArgumentException("A platform name must have 1 to 64 characters.", nameof(name));
        }

        return platform;
    }

    /// <summary>Parses a platform name; false when it is empty or longer than 64 characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out SnsPlatform platform)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 64)
        {
            platform = default;
            return false;
        }

        platform = Catalogue.TryGetValue(trimmed, out var known)
            ? new SnsPlatform(known.Id, known.Name, known.Emoji, isKnown: true)
            : new SnsPlatform(trimmed, trimmed, GenericEmoji, isKnown: false);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(SnsPlatform other) => string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SnsPlatform other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <summary>Compares two platforms by id.</summary>
    public static bool operator ==(SnsPlatform left, SnsPlatform right) => left.Equals(right);

    /// <summary>Compares two platforms by id.</summary>
    public static bool operator !=(SnsPlatform left, SnsPlatform right) => !left.Equals(right);

    private static Dictionary<string, (string Id, string Name, string Emoji)> BuildCatalogue()
    {
        var map = new Dictionary<string, (string, string, string)>(StringComparer.OrdinalIgnoreCase);
        void Add((string Id, string Name, string Emoji) entry, params string[] aliases)
        {
            map[entry.Id] = entry;
            foreach (var alias in aliases)
            {
                map[alias] = entry;
            }
        }

        Add(("instagram", "Instagram", "📸"), "ig", "insta");
        Add(("twitter", "X (Twitter)", "🐦"), "x", "x.com", "x_twitter");
        Add(("facebook", "Facebook", "📘"), "fb", "meta");
        Add(("tiktok", "TikTok", "🎵"), "tik_tok", "tik-tok");
        Add(("linkedin", "LinkedIn", "💼"), "linked_in", "linked-in");
        Add(("youtube", "YouTube", "▶️"), "yt", "you_tube");
        Add(("threads", "Threads", "🧵"));
        Add(("pinterest", "Pinterest", "📌"));
        return map;
    }
}
