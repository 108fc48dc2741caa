using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;

namespace Broadcast3D.Engine.Offline;

/// <summary>
/// The ingest half of both offline passes, the same graph as <c>b3d run</c>: one <see cref="CameraReader"/> per
/// video in offline mode (decoding on its own thread as fast as it goes; a full queue waits, never drops) and a
/// <see cref="CameraSync"/> that is not live (every camera waited for, every frame set in order, deterministic).
/// </summary>
internal static class OfflineIngest
{
    /// <summary>Starts one reader per video (camera index = list index, id = file name); the caller disposes them.</summary>
    /// <param name="videos">Video files in calibration camera order.</param>
    /// <param name="output">What the decoders hand over: RGBA for the tracking models, native planes for the GPU plate.</param>
    public static List<CameraReader> OpenReaders(IReadOnlyList<string> videos, FrameOutput output)
    {
        var readers = new List<CameraReader>(videos.Count);
        try
        {
            for (int c = 0; c < videos.Count; c++)
            {
                readers.Add(new CameraReader(c, new CameraSourceOptions
                {
                    Id = Path.GetFileNameWithoutExtension(videos[c]), Source = videos[c], Mode = IngestMode.Offline,
                    // Software decode: the result must not depend on which machine ran the trial.
                    Decoder = new DecoderOptions { Output = output, Hardware = HardwareDecode.Software },
                }));
            }
        }
        catch
        {
            Dispose(readers);
            throw;
        }
        return readers;
    }

    /// <summary>The offline sync over <paramref name="readers"/> at the trial's <paramref name="rate"/>.</summary>
    public static CameraSync Sync(IReadOnlyList<CameraReader> readers, FrameRate rate) =>
        new(readers, new CameraSyncOptions { Rate = rate, Live = false });

    /// <summary>
    /// Throws <see cref="MediaException"/> naming the video and its error when a reader failed: offline, a camera that
    /// fails would otherwise only shorten the trial without a word.
    /// </summary>
    public static void ThrowIfFailed(IReadOnlyList<CameraReader> readers)
    {
        foreach (CameraReader r in readers)
        {
            if (r.Failures > 0)
                throw new MediaException($"{r.Options.Source}: {r.LastError ?? "the reader failed"}");
        }
    }

    /// <summary>Stops and disposes every reader.</summary>
    public static void Dispose(List<CameraReader> readers)
    {
        foreach (CameraReader r in readers)
            r.Dispose();
    }
}
