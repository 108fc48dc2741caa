using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// A linked GL program: a compute kernel or a vertex + fragment pair. Uniform setters write straight into the
/// program (no binding needed) and ignore names the compiler optimised away, as GL does. Owner-thread only.
/// </summary>
public sealed unsafe partial class GpuProgram : IDisposable
{
    private readonly GpuDevice _device;
    // Sized for every uniform our shaders declare, so a location first looked up mid-run (a pass first drawn when
    // the first skeleton arrives) adds an entry without growing the table: no allocation on a live thread.
    private readonly Dictionary<string, int> _locations = new(32, StringComparer.Ordinal);

    private GpuProgram(GpuDevice device, uint handle, string name, bool isCompute)
    {
        _device = device;
        Handle = handle;
        Name = name;
        IsCompute = isCompute;
    }

    /// <summary>The shader files, joined with '+' (for messages).</summary>
    public string Name { get; }

    /// <summary>True for a compute kernel.</summary>
    public bool IsCompute { get; }

    internal uint Handle { get; private set; }

    internal static GpuProgram Link(GpuDevice device, IReadOnlyList<ShaderSource> sources)
    {
        GL gl = device.Gl;
        string name = string.Join("+", sources.Select(s => s.FileName));
        bool compute = sources.Any(s => s.Stage == ShaderStage.Compute);
        if (compute && sources.Count != 1)
            throw new ArgumentException($"{name}: a compute kernel is linked alone");
        var shaders = new List<uint>();
        uint program = 0;
        try
        {
            foreach (ShaderSource source in sources)
                shaders.Add(Compile(device, source));
            program = gl.CreateProgram();
            foreach (uint s in shaders)
                gl.AttachShader(program, s);
            gl.LinkProgram(program);
            if (gl.GetProgram(program, ProgramPropertyARB.LinkStatus) == 0)
            {
                string log = InfoLog(gl, program, isProgram: true);
                device.Errors.Discard();
                throw new ShaderCompilationException(name, 0, log);
            }
            foreach (uint s in shaders)
                gl.DetachShader(program, s);
            device.Errors.Check($"linking {name}");
            var result = new GpuProgram(device, program, name, compute);
            program = 0;
            return result;
        }
        finally
        {
            foreach (uint s in shaders)
                gl.DeleteShader(s);
            if (program != 0)
                gl.DeleteProgram(program);
        }
    }

    private static uint Compile(GpuDevice device, ShaderSource source)
    {
        GL gl = device.Gl;
        ShaderType type = source.Stage switch
        {
            ShaderStage.Vertex => ShaderType.VertexShader,
            ShaderStage.Fragment => ShaderType.FragmentShader,
            _ => ShaderType.ComputeShader,
        };
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source.Text);
        gl.CompileShader(shader);
        if (gl.GetShader(shader, ShaderParameterName.CompileStatus) != 0)
            return shader;
        string log = InfoLog(gl, shader, isProgram: false);
        gl.DeleteShader(shader);
        device.Errors.Discard();
        (string file, int line) = source.Locate(FirstErrorLine(log));
        throw new ShaderCompilationException(file, line, log);
    }

    /// <summary>
    /// The line of the first error in a driver log. Mesa writes "0:12(5): error: …", NVIDIA "0(12) : error C…",
    /// AMD/Intel "ERROR: 0:12: …".
    /// </summary>
    internal static int FirstErrorLine(string log)
    {
        foreach (string line in log.Split('\n'))
        {
            if (!line.Contains("error", StringComparison.OrdinalIgnoreCase))
                continue;
            Match m = LineNumberPattern().Match(line);
            if (m.Success)
                return int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture);
        }
        return 0;
    }

    [GeneratedRegex(@"^\s*(?:ERROR:\s*)?\d+(?::|\()(?<line>\d+)")]
    private static partial Regex LineNumberPattern();

    private static string InfoLog(GL gl, uint handle, bool isProgram)
    {
        string log = (isProgram ? gl.GetProgramInfoLog(handle) : gl.GetShaderInfoLog(handle)).TrimEnd('\0', '\n');
        return log.Length == 0 ? "(the driver gave no log)" : log;
    }

    private int Location(string name)
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        if (_locations.TryGetValue(name, out int location))
            return location;
        location = _device.Gl.GetUniformLocation(Handle, name);
        _locations.Add(name, location);
        return location;
    }

    /// <summary>Sets an int (or sampler unit) uniform.</summary>
    public void SetInt(string name, int value) => _device.Gl.ProgramUniform1(Handle, Location(name), value);

    /// <summary>Sets a uint uniform.</summary>
    public void SetUInt(string name, uint value) => _device.Gl.ProgramUniform1(Handle, Location(name), value);

    /// <summary>Sets a float uniform.</summary>
    public void SetFloat(string name, float value) => _device.Gl.ProgramUniform1(Handle, Location(name), value);

    /// <summary>Sets a vec2 uniform.</summary>
    public void SetVector2(string name, Vector2 value) => _device.Gl.ProgramUniform2(Handle, Location(name), value.X, value.Y);

    /// <summary>Sets an ivec2 uniform.</summary>
    public void SetIVector2(string name, int x, int y) => _device.Gl.ProgramUniform2(Handle, Location(name), x, y);

    /// <summary>Sets a vec3 uniform.</summary>
    public void SetVector3(string name, Vector3 value) => _device.Gl.ProgramUniform3(Handle, Location(name), value.X, value.Y, value.Z);

    /// <summary>Sets a vec4 uniform.</summary>
    public void SetVector4(string name, Vector4 value) =>
        _device.Gl.ProgramUniform4(Handle, Location(name), value.X, value.Y, value.Z, value.W);

    /// <summary>Sets the first <c>values.Length</c> elements of a vec4 array uniform (nothing when empty).</summary>
    public void SetVector4Array(string name, ReadOnlySpan<Vector4> values)
    {
        int location = Location(name);
        if (values.IsEmpty)
            return;
        fixed (Vector4* p = values)
            _device.Gl.ProgramUniform4(Handle, location, (uint)values.Length, (float*)p);
    }

    /// <summary>
    /// Sets a mat4 uniform from a System.Numerics matrix (row-vector convention, v·M): uploaded as is, so GLSL sees
    /// its transpose and shaders write <c>M * v</c> with column vectors.
    /// </summary>
    public void SetMatrix4(string name, in Matrix4x4 value)
    {
        int location = Location(name);
        fixed (Matrix4x4* p = &value)
            _device.Gl.ProgramUniformMatrix4(Handle, location, 1, false, (float*)p);
    }

    public void Dispose()
    {
        if (Handle == 0)
            return;
        _device.Gl.DeleteProgram(Handle);
        Handle = 0;
    }
}
