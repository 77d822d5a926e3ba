namespace SnsTelegram.Sdk.Relational;

/// <summary>The column types the statements bind values to; each database maps them to its own.</summary>
internal enum RelationalType
{
    /// <summary>Text (TEXT, text).</summary>
    Text,

    /// <summary>A 64-bit integer (INTEGER, bigint): ids, chat ids, instants as UTC ticks.</summary>
    Bigint,

    /// <summary>A 32-bit integer (INTEGER, integer): enum codes, counts.</summary>
    Integer,

    /// <summary>A flag (INTEGER 0/1, boolean).</summary>
    Boolean,
}
