namespace SnsTelegram.Sdk.Testing.Recording;

internal enum ChatKind
{
    Private,
    Group,
    Supergroup,
}
