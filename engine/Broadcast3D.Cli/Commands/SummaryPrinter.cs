using System.Globalization;
using Broadcast3D.Engine.Offline;
using Spectre.Console;

namespace Broadcast3D.Cli.Commands;

/// <summary>Prints an offline run's summary (the same figures as its summary.json) for a person to read.</summary>
internal static class SummaryPrinter
{
    public static void Print(OfflineRunSummary s, string outputDirectory)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv,
            $"{s.Frames} frame sets × {s.Cameras} cameras at {s.FrameRate:0.###} fps (max camera skew {s.MaxFrameSetSkewMilliseconds:0.###} ms); models: {s.Models}"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("stage").AddColumn(new TableColumn("ms / frame set").RightAligned())
            .AddColumn(new TableColumn("calls").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned());
        foreach (StageSummary st in s.Stages)
        {
            table.AddRow(st.Name, st.Calls == 0 ? "not run" : st.MillisecondsPerFrameSet.ToString("0.0", inv),
                st.Calls.ToString(inv), st.MaxMilliseconds.ToString("0.0", inv));
        }
        AnsiConsole.Write(table);
        Console.Out.WriteLine(string.Create(inv,
            $"tracking throughput {s.TrackingFrameSetsPerSecond:0.00} frame sets/s; whole run {s.WallSeconds:0.0} s"));
        Console.Out.WriteLine(string.Create(inv,
            $"reprojection error {s.ReprojectionErrorPixels:0.0} px (≈{s.ReprojectionErrorMillimetres:0} mm); {s.TriangulatedShare:P0} of points triangulated; person {s.ExportedPersonId} of {s.PeopleTracked} tracked"));
        if (s.ReferenceAgreement is { } a)
        {
            Console.Out.WriteLine(string.Create(inv,
                $"agreement with the reference TRC ({a.Points} points): median {a.MedianMillimetres:0.0} mm, p90 {a.P90Millimetres:0.0} mm, max {a.MaxMillimetres:0} mm"));
        }
        Console.Out.WriteLine($"pictures: {s.Renderer}");
        // Offline every frame set is tracked before its pictures are drawn, each with the 3D of its own set: nothing
        // to delay, nothing held or interpolated (the live run measures its graphics age; issue #22).
        Console.Out.WriteLine("graphics age: 0 on every frame by construction (offline: each picture drawn with the 3D of its own frame set, no delay line)");
        if (s.Channel is { } ch)
        {
            string sinks = string.Join(", ", ch.Sinks.Select(k => string.Create(inv, $"{k.Name} {k.Sent} sent / {k.Dropped} dropped")));
            Console.Out.WriteLine(string.Create(inv, $"channel: {ch.FramesOut} frames out, {ch.Repeated} repeated, {ch.Dropped} dropped; {sinks}"));
        }
        if (s.Privacy is { } privacy)
        {
            Console.Out.WriteLine($"privacy: blur {privacy.Blur}, consent from {privacy.Consent}, linked: {(privacy.Linked.Count == 0 ? "nobody" : string.Join(", ", privacy.Linked))}; " +
                                  $"{privacy.RegionsBlurred} region(s) blurred in {privacy.PicturesBlurred} picture(s)");
        }
        if (s.Meshes is { } meshes)
        {
            string skipped = meshes.SkipReasons.Count == 0 ? "none skipped"
                : string.Join("; ", meshes.SkipReasons.Select(r => string.Create(inv, $"{r.Value}× {r.Key}")));
            Console.Out.WriteLine(meshes.NotCarved is { } why ? $"meshes: none ({why})" : string.Create(inv,
                $"meshes: the athlete's in {meshes.FramesWithMesh}/{s.Frames} orbit frames ({meshes.VoxelMetres * 100:0.#} cm voxels, {meshes.PeopleMeshed} carved, " +
                $"{meshes.CarveMilliseconds:0} ms carving + {meshes.SurfaceAndColourMilliseconds:0} ms surface per mesh, {meshes.Seconds:0.0} s in all); {skipped}"));
        }
        Console.Out.WriteLine($"outputs in {outputDirectory}: {string.Join(", ", s.Outputs)}");
    }
}
