namespace Broadcast3D.Engine.Control;

/// <summary>How the programme delay is chosen (<c>delayFrames</c> in the configuration, or <c>POST /api/delay</c>).</summary>
public enum DelayMode
{
    /// <summary>Follows the measured tracking latency (<c>"delayFrames": "auto"</c>).</summary>
    Auto,

    /// <summary>Held at a number of frames (a number in the configuration, or <c>{"frames": N}</c>).</summary>
    Fixed,
}
