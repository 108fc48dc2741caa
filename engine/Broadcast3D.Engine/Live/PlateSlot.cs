using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// One picture of the GPU delay line: the camera picture uploaded as a texture (camera size, BGRA bytes as
/// decoded) with the capture time it shows and when it was ingested. Channel thread only.
/// </summary>
internal sealed class PlateSlot : IDisposable
{
    /// <summary>The picture, or null before the first camera frame.</summary>
    public GpuTexture? Texture { get; private set; }

    /// <summary>Capture time of the picture, seconds on the sync time line.</summary>
    public Rational Time { get; set; }

    /// <summary>Stopwatch ticks when its frame set left the sync stage (0 before the first frame).</summary>
    public long IngestTimestamp { get; set; }

    /// <summary>Uploads <paramref name="picture"/>, recreating the texture only when the camera size changed.</summary>
    public void Upload(GpuDevice device, ProgramPicture picture)
    {
        if (!picture.HasFrame)
        {
            Texture?.Dispose();
            Texture = null;
            IngestTimestamp = 0;
            return;
        }
        if (Texture is null || Texture.Width != picture.Width || Texture.Height != picture.Height)
        {
            Texture?.Dispose();
            Texture = device.CreateTexture(new TextureDescription(picture.Width, picture.Height, TextureFormat.Rgba8));
        }
        Texture.Upload(picture.Pixels);
        Time = picture.Time;
        IngestTimestamp = picture.IngestTimestamp;
    }

    public void Dispose() => Texture?.Dispose();
}
