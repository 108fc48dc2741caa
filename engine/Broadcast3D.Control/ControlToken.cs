using System.Security.Cryptography;
using System.Text;
using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Control;

/// <summary>
/// The bearer token of the control API: read from <c>B3D_CONTROL_TOKEN</c> or the configured file (never from the
/// configuration itself), and compared in constant time. Only its SHA-256 digest is kept, so neither its length nor
/// its content leaks through timing, and it is never logged. Thread-safe.
/// </summary>
public sealed class ControlToken
{
    /// <summary>The environment variable holding the token.</summary>
    public const string EnvironmentVariable = "B3D_CONTROL_TOKEN";

    /// <summary>Shortest token accepted: 16 characters (e.g. <c>openssl rand -hex 32</c> gives 64).</summary>
    public const int MinLength = 16;

    private readonly byte[] _digest;

    private ControlToken(string token, string source)
    {
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        Source = source;
    }

    /// <summary>Where the token came from (the variable's name or the file's path), for the start-up line; never the token.</summary>
    public string Source { get; }

    /// <summary>
    /// The token from <see cref="EnvironmentVariable"/> (first) or <paramref name="config"/>'s <c>tokenFile</c> (its
    /// first line); null when neither gives one.
    /// </summary>
    /// <exception cref="ConfigException">
    /// The token is shorter than <see cref="MinLength"/> or holds characters other than A–Z a–z 0–9 - . _ ~ (it must
    /// travel in a header and a WebSocket subprotocol), or the file cannot be read.
    /// </exception>
    public static ControlToken? Resolve(ControlConfig config, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            return Check(fromEnvironment.Trim(), EnvironmentVariable);
        if (config.TokenFile is not { } file)
            return null;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"control.tokenFile: {file} cannot be read ({ex.Message}); make it readable by the user running b3d");
        }
        string firstLine = text.Split('\n', 2)[0].Trim();
        return Check(firstLine, $"control.tokenFile ({file})");
    }

    /// <summary>A token given directly (tests, embedding), checked as <see cref="Resolve"/> checks one.</summary>
    /// <exception cref="ConfigException">Too short or with characters outside A–Z a–z 0–9 - . _ ~.</exception>
    public static ControlToken FromValue(string token, string source)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Check(token, source);
    }

    /// <summary>True when <paramref name="presented"/> is the token (constant time over the digests).</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        int max = Encoding.UTF8.GetMaxByteCount(presented.Length);
        byte[] bytes = new byte[max];
        int n = Encoding.UTF8.GetBytes(presented, bytes);
        SHA256.HashData(bytes.AsSpan(0, n), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }

    private static ControlToken Check(string token, string source)
    {
        if (token.Length < MinLength)
            throw new ConfigException($"{source}: the control token has {token.Length} characters; use at least {MinLength} (e.g. openssl rand -hex 32)");
        foreach (char c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
                throw new ConfigException($"{source}: the control token may hold only A-Z a-z 0-9 - . _ ~ (it travels in an HTTP header and a WebSocket subprotocol)");
        }
        return new ControlToken(token, source);
    }
}
