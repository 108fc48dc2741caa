using Broadcast3D.Core.Assets;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// The videos and calibration of a trial for <c>b3d mesh</c>: a trial folder holding its camera videos (directly
/// or in <c>videos/</c>, Pose2Sim's layout; natural name order = calibration camera order) and a calibration TOML,
/// given or found as Pose2Sim keeps it (a <c>*Calibration*</c> folder beside the trial's parents, up to three levels
/// up, holding one <c>.toml</c>).
/// </summary>
/// <param name="Name">The trial folder's name.</param>
/// <param name="Folder">The trial folder, full path.</param>
/// <param name="Videos">Camera videos in order.</param>
/// <param name="CalibrationPath">The calibration TOML.</param>
public sealed record MeshTrialInput(string Name, string Folder, IReadOnlyList<string> Videos, string CalibrationPath)
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".mkv", ".avi", ".webm", ".mxf"];

    /// <summary>Resolves <paramref name="trial"/> and the calibration; errors name the path and what to give.</summary>
    /// <exception cref="AssetNotFoundException">No such folder or calibration file.</exception>
    /// <exception cref="InputFormatException">A folder without videos, a recording folder, or no calibration found.</exception>
    public static MeshTrialInput Resolve(string trial, string? calibration)
    {
        string folder = AssetLocator.RequireFile(trial, "trial folder", "give the trial folder that holds the camera videos (or its videos/ folder)");
        if (!Directory.Exists(folder))
            throw new InputFormatException(folder, "not a folder: give the trial folder that holds the camera videos");
        if (File.Exists(Path.Combine(folder, "index.sqlite")))
        {
            throw new InputFormatException(folder, "this is a recording folder (index.sqlite), not a trial of camera videos: mesh it with " +
                "MeshRecordingRunner (b3d mesh RECORDING without --calib: a recording carries its own calibrations)");
        }
        string videoFolder = Directory.Exists(Path.Combine(folder, "videos")) ? Path.Combine(folder, "videos") : folder;
        string[] videos = [.. Directory.EnumerateFiles(videoFolder)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(NaturalStringComparer.Instance)];
        if (videos.Length == 0)
            throw new InputFormatException(videoFolder, $"no camera video ({string.Join(", ", VideoExtensions)}) here: give a trial folder with one video per camera");
        string calib = calibration is not null
            ? AssetLocator.RequireFile(calibration, "calibration", "give the calibration TOML of the cameras (--calib)")
            : FindCalibration(folder);
        return new MeshTrialInput(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), folder, videos, calib);
    }

    private static string FindCalibration(string folder)
    {
        DirectoryInfo? level = new DirectoryInfo(folder).Parent;
        for (int up = 0; up < 3 && level is not null; up++, level = level.Parent)
        {
            foreach (DirectoryInfo d in level.EnumerateDirectories("*Calibration*"))
            {
                string[] tomls = [.. d.EnumerateFiles("*.toml").Select(f => f.FullName).Order(StringComparer.Ordinal)];
                if (tomls.Length == 1)
                    return tomls[0];
                if (tomls.Length > 1)
                    throw new InputFormatException(d.FullName, $"{tomls.Length} calibration TOMLs here ({string.Join(", ", tomls.Select(Path.GetFileName))}): choose one with --calib");
            }
        }
        throw new InputFormatException(folder, "no calibration found (no *Calibration* folder with a .toml up to three levels above): give --calib CALIB.toml");
    }
}
