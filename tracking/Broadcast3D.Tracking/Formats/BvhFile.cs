using System.Globalization;
using System.Text;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Reads and writes BVH (Biovision hierarchy) text as motion-capture libraries write it (CMU-style): <c>HIERARCHY</c>,
/// <c>ROOT</c>/<c>JOINT</c> blocks with <c>OFFSET</c>, <c>CHANNELS</c> (3 or 6 per joint, any order) and
/// <c>End Site</c>; <c>MOTION</c>, <c>Frames:</c>, <c>Frame Time:</c> and one row of values per frame. Stateless and
/// thread-safe.
/// </summary>
public static class BvhFile
{
    private static readonly HashSet<string> KnownChannels = ["Xposition", "Yposition", "Zposition", "Xrotation", "Yrotation", "Zrotation"];

    /// <summary>Reads a BVH file.</summary>
    /// <exception cref="InputFormatException">Missing file, or text that is not BVH (the message gives the line).</exception>
    public static BvhData Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, $"cannot read the BVH file: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses BVH text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InputFormatException">See <see cref="Read"/>.</exception>
    public static BvhData Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new Tokens(text, source);
        tokens.Expect("HIERARCHY");
        tokens.Expect("ROOT");
        BvhJoint root = ParseJoint(tokens, tokens.Next("root joint name"), null);
        tokens.Expect("MOTION");
        tokens.Expect("Frames:");
        int frames = (int)tokens.Number("frame count");
        tokens.Expect("Frame");
        tokens.Expect("Time:");
        double frameTime = tokens.Number("frame time");
        int channels = 0;
        void Count(BvhJoint j)
        {
            channels += j.Channels.Count;
            j.Children.ForEach(Count);
        }

        Count(root);
        var motion = new double[frames * channels];
        for (int i = 0; i < motion.Length; i++)
        {
            motion[i] = tokens.Number($"motion frame {(i / Math.Max(1, channels)) + 1} of {frames}, channel {(i % Math.Max(1, channels)) + 1} of {channels}");
        }

        return new BvhData(root, frameTime, motion);
    }

    private static BvhJoint ParseJoint(Tokens t, string name, BvhJoint? parent)
    {
        t.Expect("{");
        t.Expect("OFFSET");
        var offset = new Vector3d(t.Number($"{name} OFFSET x"), t.Number($"{name} OFFSET y"), t.Number($"{name} OFFSET z"));
        t.Expect("CHANNELS");
        int count = (int)t.Number($"{name} channel count");
        if (count is not (0 or 3 or 6))
        {
            throw t.Error($"joint {name} has {count} channels (expected 3 or 6)");
        }

        var channels = new string[count];
        for (int i = 0; i < count; i++)
        {
            channels[i] = t.Next($"{name} channel {i + 1}");
            if (!KnownChannels.Contains(channels[i]))
            {
                throw t.Error($"joint {name}: unknown channel '{channels[i]}'");
            }
        }

        var joint = new BvhJoint(name, offset, channels, parent);
        while (true)
        {
            string token = t.Next($"'JOINT', 'End Site' or '}}' in {name}");
            if (token == "}")
            {
                return joint;
            }

            if (token == "JOINT")
            {
                joint.Children.Add(ParseJoint(t, t.Next("joint name"), joint));
            }
            else if (token == "End")
            {
                t.Expect("Site");
                t.Expect("{");
                t.Expect("OFFSET");
                joint.EndSite = new Vector3d(t.Number($"{name} End Site x"), t.Number($"{name} End Site y"), t.Number($"{name} End Site z"));
                t.Expect("}");
            }
            else
            {
                throw t.Error($"unexpected '{token}' in joint {name}");
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(BvhData data, string path) => File.WriteAllText(path, Format(data));

    /// <summary>The BVH text of <paramref name="data"/> (tabs for indentation, 6 decimals).</summary>
    public static string Format(BvhData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = new StringBuilder("HIERARCHY\n");
        void Joint(BvhJoint j, int depth)
        {
            string pad = new('\t', depth);
            s.Append(pad).Append(j.Parent is null ? "ROOT " : "JOINT ").Append(j.Name).Append('\n');
            s.Append(pad).Append("{\n");
            s.Append(pad).Append("\tOFFSET ").Append(Vec(j.Offset)).Append('\n');
            s.Append(pad).Append("\tCHANNELS ").Append(j.Channels.Count);
            foreach (string c in j.Channels)
            {
                s.Append(' ').Append(c);
            }

            s.Append('\n');
            foreach (BvhJoint c in j.Children)
            {
                Joint(c, depth + 1);
            }

            if (j.EndSite is Vector3d end)
            {
                s.Append(pad).Append("\tEnd Site\n").Append(pad).Append("\t{\n").Append(pad).Append("\t\tOFFSET ").Append(Vec(end)).Append('\n').Append(pad).Append("\t}\n");
            }

            s.Append(pad).Append("}\n");
        }

        Joint(data.Root, 0);
        s.Append("MOTION\nFrames: ").Append(data.FrameCount).Append('\n');
        s.Append("Frame Time: ").Append(data.FrameTimeSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        for (int f = 0; f < data.FrameCount; f++)
        {
            for (int c = 0; c < data.ChannelCount; c++)
            {
                s.Append(c > 0 ? " " : string.Empty).Append(Num(data.Motion[(f * data.ChannelCount) + c]));
            }

            s.Append('\n');
        }

        return s.ToString();
    }

    private static string Vec(Vector3d v) => $"{Num(v.X)} {Num(v.Y)} {Num(v.Z)}";

    private static string Num(double v) => v.ToString("F6", CultureInfo.InvariantCulture);

    private sealed class Tokens(string text, string source)
    {
        private readonly string[] _lines = text.Split('\n');
        private int _line;
        private string[] _current = [];
        private int _index;

        public string Next(string what)
        {
            while (_index >= _current.Length)
            {
                if (_line >= _lines.Length)
                {
                    throw new InputFormatException(source, $"line {_lines.Length}: the file ends where {what} was expected (truncated?)");
                }

                _current = _lines[_line++].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                _index = 0;
            }

            return _current[_index++];
        }

        public void Expect(string token)
        {
            string got = Next($"'{token}'");
            if (!string.Equals(got, token, StringComparison.OrdinalIgnoreCase))
            {
                throw Error($"expected '{token}', found '{got}'");
            }
        }

        public double Number(string what)
        {
            string token = Next(what);
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v
                : throw Error($"{what}: '{token}' is not a number");
        }

        public InputFormatException Error(string message) => new(source, $"line {_line}: {message}");
    }
}
