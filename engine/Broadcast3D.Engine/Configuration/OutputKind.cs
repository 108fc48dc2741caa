namespace Broadcast3D.Engine.Configuration;

/// <summary>Kinds of programme output.</summary>
public enum OutputKind
{
    Ndi,
    File,
    Srt,
    Rtmp,
    Udp,
}
