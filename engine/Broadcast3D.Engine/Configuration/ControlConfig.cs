namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The control API of <c>b3d run</c> (the <c>control</c> section; absent: no control server). The bearer token is
/// never in the configuration: it comes from the <c>B3D_CONTROL_TOKEN</c> environment variable or from
/// <see cref="TokenFile"/>.
/// </summary>
/// <param name="Host">Address to listen on: an IP literal or <c>localhost</c> (default 127.0.0.1, loopback only).</param>
/// <param name="Port">TCP port, 1–65535 (default 8080).</param>
/// <param name="TokenFile">Absolute path of a file whose first line is the token, or null.</param>
public sealed record ControlConfig(string Host, int Port, string? TokenFile)
{
    /// <summary>The <c>control.bind</c> value as written back: <c>host:port</c> (IPv6 in brackets).</summary>
    public string Bind => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
