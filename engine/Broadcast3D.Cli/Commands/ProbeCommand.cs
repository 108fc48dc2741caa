using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Broadcast3D.Media;
using Spectre.Console;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d probe MEDIA...</c>: streams, codec, size, frame rate, duration, frame count and timecode of files or URLs.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of tables." };
        var media = new Argument<string[]>("media") { Description = "Files or URLs to probe.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("probe", "Show the streams of media files or URLs; exit 1 if any cannot be read.")
        {
            json,
            media,
        };
        command.SetAction(parse => Run(parse.GetValue(media) ?? [], parse.GetValue(json)));
        return command;
    }

    private static int Run(string[] sources, bool asJson)
    {
        var results = new List<object>();
        int failures = 0;
        foreach (string source in sources)
        {
            try
            {
                MediaInfo info = MediaProbe.Probe(source);
                if (asJson)
                    results.Add(ToJson(info));
                else
                    Print(info);
            }
            catch (MediaException ex)
            {
                failures++;
                if (asJson)
                    results.Add(new { source, error = ex.Message });
                else
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            }
        }
        if (asJson)
            Console.Out.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        return failures == 0 ? CliErrors.Ok : CliErrors.Media;
    }

    private static object ToJson(MediaInfo info) => new
    {
        source = info.Source,
        format = info.Format,
        durationSeconds = info.Duration?.ToDouble(),
        bitRate = info.BitRate,
        timecode = info.Timecode,
        streams = info.Streams.Select(s => new
        {
            index = s.Index,
            kind = s.Kind,
            codec = s.Codec,
            width = s.Width,
            height = s.Height,
            pixelFormat = s.PixelFormat,
            frameRate = s.FrameRate?.ToString(),
            frameRateFps = s.FrameRate?.ToDouble(),
            timeBase = s.TimeBase.ToString(),
            durationSeconds = s.Duration?.ToDouble(),
            frameCount = s.FrameCount,
            interlaced = s.Interlaced,
            timecode = s.Timecode,
        }),
    };

    private static void Print(MediaInfo info)
    {
        string duration = info.Duration is { } d ? $"{d.ToDouble():0.###} s" : "unknown";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(info.Source)}[/]  {Markup.Escape(info.Format)}, {duration}" +
            (info.Timecode is null ? "" : $", timecode {Markup.Escape(info.Timecode)}"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#").AddColumn("Kind").AddColumn("Codec").AddColumn("Size").AddColumn("Pixels")
            .AddColumn("Rate").AddColumn("Duration").AddColumn("Frames").AddColumn("Scan");
        foreach (MediaStreamInfo s in info.Streams)
        {
            table.AddRow(
                s.Index.ToString(CultureInfo.InvariantCulture),
                s.Kind,
                Markup.Escape(s.Codec),
                s.Width is { } w ? $"{w}x{s.Height}" : "",
                Markup.Escape(s.PixelFormat ?? ""),
                s.FrameRate is { } r ? $"{r.ToDouble():0.###} ({r})" : "",
                s.Duration is { } sd ? $"{sd.ToDouble():0.###} s" : "",
                s.FrameCount?.ToString(CultureInfo.InvariantCulture) ?? "",
                s.Interlaced switch { true => "interlaced", false => "progressive", null => "" });
        }
        AnsiConsole.Write(table);
    }
}
