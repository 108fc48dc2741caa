using System.Reflection;
using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>
/// Finds and loads FFmpeg 5.1 (libavformat 59, libavcodec 59, libavutil 57, libswscale 6) and refuses any other
/// major version, because our struct offsets are only valid for these. Search order per library:
/// <c>$B3D_FFMPEG_DIR</c> (if set), then the loader's default paths by versioned name, then the unversioned name
/// (accepted only if its major version matches).
/// </summary>
internal static class FFmpegLibrary
{
    public const string AvUtil = "avutil";
    public const string AvCodec = "avcodec";
    public const string AvFormat = "avformat";
    public const string SwScale = "swscale";

    /// <summary>What to install, said in every "not available" message.</summary>
    public const string InstallHint =
        "install FFmpeg 5.1 (Debian 12: apt-get install ffmpeg libavcodec59 libavformat59 libavutil57 libswscale6, or run scripts/setup.sh), " +
        "or point B3D_FFMPEG_DIR at a folder holding those libraries";

    private static readonly (string Name, int Major)[] s_libraries =
        [(AvUtil, 57), (AvCodec, 59), (AvFormat, 59), (SwScale, 6)];

    private static readonly Lazy<FFmpegAvailability> s_availability = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The result of loading and version-checking the libraries once per process.</summary>
    public static FFmpegAvailability Availability => s_availability.Value;

    /// <summary>Throws <see cref="MediaException"/> with what to install when FFmpeg is not usable.</summary>
    public static void EnsureAvailable()
    {
        FFmpegAvailability a = Availability;
        if (!a.IsAvailable)
            throw new MediaException(a.Detail);
    }

    private static FFmpegAvailability Load()
    {
        NativeLibrary.SetDllImportResolver(typeof(FFmpegLibrary).Assembly, Resolve);
        try
        {
            var versions = new Dictionary<string, uint>
            {
                [AvUtil] = Interop.LibAvUtil.Version(),
                [AvCodec] = Interop.LibAvCodec.Version(),
                [AvFormat] = Interop.LibAvFormat.Version(),
                [SwScale] = Interop.LibSwScale.Version(),
            };
            string? refusal = UnsupportedVersions(versions[AvUtil], versions[AvCodec], versions[AvFormat], versions[SwScale]);
            if (refusal is not null)
                return FFmpegAvailability.NotAvailable(refusal);
            FFmpegLog.Install();
            Interop.LibAvFormat.NetworkInit();
            return FFmpegAvailability.Available(versions[AvUtil], versions[AvCodec], versions[AvFormat], versions[SwScale]);
        }
        catch (DllNotFoundException ex)
        {
            return FFmpegAvailability.NotAvailable($"FFmpeg libraries not found ({ex.Message}); {InstallHint}");
        }
        catch (EntryPointNotFoundException ex)
        {
            return FFmpegAvailability.NotAvailable($"FFmpeg library lacks a function we call ({ex.Message}); {InstallHint}");
        }
    }

    /// <summary>
    /// Null when every library has the major version our struct offsets were verified against; otherwise the
    /// message that refuses them, naming each wrong library and what to install.
    /// </summary>
    public static string? UnsupportedVersions(uint avutil, uint avcodec, uint avformat, uint swscale)
    {
        var wrong = new List<string>();
        uint[] found = [avutil, avcodec, avformat, swscale];
        for (int i = 0; i < s_libraries.Length; i++)
        {
            if (found[i] >> 16 != (uint)s_libraries[i].Major)
                wrong.Add($"lib{s_libraries[i].Name} {FormatVersion(found[i])} (need {s_libraries[i].Major}.x)");
        }
        return wrong.Count == 0 ? null : $"unsupported FFmpeg version: {string.Join(", ", wrong)}; {InstallHint}";
    }

    /// <summary>Formats an <c>AV_VERSION_INT</c> as major.minor.micro.</summary>
    public static string FormatVersion(uint version) => $"{version >> 16}.{(version >> 8) & 0xFF}.{version & 0xFF}";

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        int major = -1;
        foreach ((string name, int m) in s_libraries)
        {
            if (name == libraryName)
                major = m;
        }
        if (major < 0)
            return 0;
        string? dir = Environment.GetEnvironmentVariable("B3D_FFMPEG_DIR");
        foreach (string file in CandidateFiles(libraryName, major))
        {
            if (!string.IsNullOrEmpty(dir) && NativeLibrary.TryLoad(Path.Combine(dir, file), out nint fromDir))
                return fromDir;
        }
        foreach (string file in CandidateFiles(libraryName, major))
        {
            if (NativeLibrary.TryLoad(file, assembly, searchPath, out nint handle))
                return handle;
        }
        return 0;
    }

    private static string[] CandidateFiles(string name, int major)
    {
        if (OperatingSystem.IsWindows())
            return [$"{name}-{major}.dll"];
        if (OperatingSystem.IsMacOS())
            return [$"lib{name}.{major}.dylib", $"lib{name}.dylib"];
        return [$"lib{name}.so.{major}", $"lib{name}.so"];
    }
}
