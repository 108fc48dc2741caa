namespace Broadcast3D.Cli.Commands;

/// <summary>A command-line value cannot be used; the message names the option, the value and what to give instead.</summary>
internal sealed class UsageException(string message) : Exception(message);
