using Broadcast3D.Media;
using Broadcast3D.Tracking.Formats;
using OpenCvSharp;

namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>Reads the board pictures of one camera from a folder of images or from a video. Stateless, thread-safe.</summary>
public static class CalibrationImages
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"];

    /// <summary>True when <paramref name="folder"/> directly holds at least one image file.</summary>
    public static bool HoldsImages(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(IsImage);

    /// <summary>Every image of <paramref name="folder"/> (jpg, png, bmp, tif) in natural name order, as grey.</summary>
    /// <exception cref="InputFormatException">The folder does not exist, holds no image, or an image cannot be read
    /// or has a different size from the first.</exception>
    public static IReadOnlyList<CalibrationImage> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputFormatException(folder, "the image folder does not exist");
        }

        string[] files = [.. Directory.EnumerateFiles(folder).Where(IsImage)];
        if (files.Length == 0)
        {
            throw new InputFormatException(folder, "no image (jpg, png, bmp, tif) in the folder; photograph the board from the camera to calibrate");
        }

        Array.Sort(files, (a, b) => NaturalStringComparer.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        var images = new List<CalibrationImage>(files.Length);
        foreach (string file in files)
        {
            using Mat gray = Cv2.ImRead(file, ImreadModes.Grayscale);
            if (gray.Empty())
            {
                throw new InputFormatException(file, "cannot be read as an image (corrupt or not an image format OpenCV knows)");
            }

            if (images.Count > 0 && (gray.Width != images[0].Width || gray.Height != images[0].Height))
            {
                throw new InputFormatException(file, $"is {gray.Width}×{gray.Height} but {images[0].Label} is {images[0].Width}×{images[0].Height}: one camera's pictures must all have the camera's size");
            }

            images.Add(new CalibrationImage(Path.GetFileName(file), gray.Width, gray.Height, ToArray(gray)));
        }

        return images;
    }

    /// <summary>
    /// Every <paramref name="every"/>-th frame of <paramref name="video"/> (decoded by FFmpeg), its luma plane as grey.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> below 1.</exception>
    /// <exception cref="MediaException">The video cannot be opened or decoded.</exception>
    /// <exception cref="InputFormatException">The video's pixel format has no luma plane, or no frame was decoded.</exception>
    public static IReadOnlyList<CalibrationImage> ReadVideo(string video, int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var images = new List<CalibrationImage>();
        using Decoder decoder = Decoder.Open(video, new DecoderOptions { Hardware = HardwareDecode.Software });
        long index = 0;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                if (index++ % every != 0)
                {
                    continue;
                }

                // Planar and semi-planar YUV carry the luma in plane 0, which is all corner detection looks at.
                string format = frame.PixelFormat;
                if (!(format.StartsWith("yuv", StringComparison.Ordinal) || format.StartsWith("nv", StringComparison.Ordinal) || format == "gray"))
                {
                    throw new InputFormatException(video, $"pixel format {format} has no 8-bit luma plane; convert the video to H.264 yuv420p first");
                }

                if (format.Contains("10", StringComparison.Ordinal) || format.Contains("12", StringComparison.Ordinal) || format.Contains("16", StringComparison.Ordinal))
                {
                    throw new InputFormatException(video, $"pixel format {format} is not 8-bit; convert the video to 8-bit yuv420p first");
                }

                int width = frame.Width, height = frame.Height, stride = frame.Stride(0);
                ReadOnlySpan<byte> luma = frame.Plane(0);
                byte[] gray = new byte[width * height];
                for (int y = 0; y < height; y++)
                {
                    luma.Slice(y * stride, width).CopyTo(gray.AsSpan(y * width, width));
                }

                images.Add(new CalibrationImage($"frame {index - 1}", width, height, gray));
            }
        }

        if (images.Count == 0)
        {
            throw new InputFormatException(video, "no frame could be decoded; film the board for a few seconds");
        }

        return images;
    }

    /// <summary>The camera name for a folder of board pictures: Pose2Sim's <c>int_cam01_img</c> gives <c>cam01</c>.</summary>
    public static string CameraName(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (name.StartsWith("int_", StringComparison.OrdinalIgnoreCase))
        {
            name = name[4..];
        }

        if (name.EndsWith("_img", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
        }

        return name.Length == 0 ? "cam" : name;
    }

    private static bool IsImage(string file) =>
        Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase);

    private static byte[] ToArray(Mat gray)
    {
        int width = gray.Width, height = gray.Height;
        var bytes = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(gray.Ptr(y), bytes, y * width, width);
        }

        return bytes;
    }
}
