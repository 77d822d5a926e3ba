namespace SnsTelegram.Sdk.Relational;

/// <summary>One value of a statement: its name without prefix (the text says <c>@name</c>), the value (null for NULL) and its type.</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value, or null.</param>
/// <param name="Type">The column type.</param>
internal readonly record struct RelationalParameter(string Name, object? Value, RelationalType Type);
