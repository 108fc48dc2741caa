using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi;

/// <summary>Settings of an <see cref="NdiSender"/>, fixed for its lifetime.</summary>
public sealed record NdiSenderOptions
{
    /// <summary>Creates options for a source called <paramref name="name"/> at <paramref name="frameRate"/>.</summary>
    public NdiSenderOptions(string name, FrameRate frameRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        FrameRate = frameRate;
    }

    /// <summary>The source name; receivers see it as "HOST (name)".</summary>
    public string Name { get; init; }

    /// <summary>Frame rate written into every frame (frame_rate_N/D) and used for the timecode mapping.</summary>
    public FrameRate FrameRate { get; init; }

    /// <summary>
    /// When true, a synchronous <see cref="NdiSender.Send(ReadOnlySpan{byte}, NdiVideoLayout, long)"/> blocks until the frame's slot at <see cref="FrameRate"/>,
    /// so the runtime paces the output. Turn off when our own channel clock already paces the frames.
    /// </summary>
    public bool ClockVideo { get; init; } = true;

    /// <summary>NDI groups to announce in (comma separated); null means the runtime's default group.</summary>
    public string? Groups { get; init; }
}
