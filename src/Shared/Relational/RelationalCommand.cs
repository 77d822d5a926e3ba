namespace SnsTelegram.Sdk.Relational;

/// <summary>A statement of the catalogue (<see cref="RelationalStatements"/>) with its values, built fluently.</summary>
internal sealed class RelationalCommand(string sql)
{
    private readonly List<RelationalParameter> _parameters = [];

    /// <summary>The statement's text.</summary>
    public string Sql { get; } = sql;

    /// <summary>The values, in the order they were given.</summary>
    public IReadOnlyList<RelationalParameter> Parameters => _parameters;

    public RelationalCommand Text(string name, string? value) => Add(name, value, RelationalType.Text);

    public RelationalCommand Bigint(string name, long? value) => Add(name, value, RelationalType.Bigint);

    public RelationalCommand Integer(string name, int? value) => Add(name, value, RelationalType.Integer);

    public RelationalCommand Boolean(string name, bool value) => Add(name, value, RelationalType.Boolean);

    /// <summary>An instant, stored as UTC ticks.</summary>
    public RelationalCommand Instant(string name, DateTimeOffset value) => Add(name, StoredValues.Ticks(value), RelationalType.Bigint);

    /// <summary>A value of a type known only at run time, such as a table's key.</summary>
    public RelationalCommand Value(string name, object? value, RelationalType type) => Add(name, value, type);

    private RelationalCommand Add(string name, object? value, RelationalType type)
    {
        _parameters.Add(new RelationalParameter(name, value, type));
        return this;
    }
}
