using System.Runtime.CompilerServices;
using Broadcast3D.Media.Interop;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// Every FFmpeg object is owned by a <see cref="FFmpegHandle"/> (issue #13): a second Dispose does nothing, and an
/// owner nobody disposed is released by the finaliser (the file it held is closed, the objects are freed).
/// </summary>
[NonParallelizable] // counts releases process-wide
public unsafe class NativeHandleTests
{
    [Test]
    public void FrameHandle_DisposedTwice_ReleasedOnce()
    {
        FrameHandle frame = FrameHandle.Alloc();
        long before = FFmpegHandle.Released;
        frame.Dispose();
        frame.Dispose();
        Assert.That((frame.IsClosed, FFmpegHandle.Released - before), Is.EqualTo((true, 1L)));
    }

    [Test]
    public void Handles_NeverDisposed_ReleasedByTheFinaliser()
    {
        long before = FFmpegHandle.Released;
        AbandonFramesAndPackets(50);
        CollectAndFinalise();
        Assert.That(FFmpegHandle.Released - before, Is.GreaterThanOrEqualTo(100), "50 frames and 50 packets freed");
    }

    [Test]
    public void Decoder_DisposedTwice_ClosesTheFileOnceAndRefusesReads()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "twice.mp4", "-c:v libx264", size: "160x90", frames: 10);
        Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = FrameOutput.Rgba });
        Assert.That(decoder.TryRead(out VideoFrame? frame), Is.True);
        frame!.Dispose();
        Assert.That(OpenDescriptors(clip), Is.EqualTo(1), "the decoder holds the file open");
        decoder.Dispose();
        decoder.Dispose();
        Assert.That(OpenDescriptors(clip), Is.Zero, "closed");
        Assert.Throws<ObjectDisposedException>(() => decoder.TryRead(out _));
    }

    [Test]
    public void Decoder_NeverDisposed_FinaliserClosesTheFile()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "forgotten.mp4", "-c:v libx264", size: "160x90", frames: 10);
        long before = FFmpegHandle.Released;
        OpenAndForget(clip);
        Assert.That(OpenDescriptors(clip), Is.EqualTo(1), "the forgotten decoder still holds the file");
        CollectAndFinalise();
        Assert.That(OpenDescriptors(clip), Is.Zero, "the finaliser closed the input");
        // Format and codec contexts, the packet, two work frames, the converter's context and the pool's frames.
        Assert.That(FFmpegHandle.Released - before, Is.GreaterThanOrEqualTo(6));
    }

    [Test]
    public void Encoder_NeverDisposed_FinaliserClosesTheFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("forgotten.mp4");
        CreateAndForget(path);
        Assert.That(OpenDescriptors(path), Is.EqualTo(1), "the forgotten encoder still holds the file");
        CollectAndFinalise();
        Assert.That(OpenDescriptors(path), Is.Zero, "the finaliser closed the output");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonFramesAndPackets(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _ = FrameHandle.Alloc();
            _ = PacketHandle.Alloc();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndForget(string clip)
    {
        Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = FrameOutput.Rgba });
        if (decoder.TryRead(out VideoFrame? frame))
            frame.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndForget(string path)
    {
        Encoder encoder = Encoder.Create(path, new EncoderOptions { Width = 160, Height = 90, FrameRate = Core.Time.FrameRate.Fps25 });
        encoder.WriteFrame(new byte[160 * 90 * 4], 160 * 4, 0);
    }

    private static void CollectAndFinalise()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>File descriptors of this process open on <paramref name="path"/> (Linux /proc).</summary>
    private static int OpenDescriptors(string path)
    {
        string full = Path.GetFullPath(path);
        int n = 0;
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == full)
                    n++;
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }
        return n;
    }
}
