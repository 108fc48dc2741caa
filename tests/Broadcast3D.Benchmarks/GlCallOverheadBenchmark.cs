using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Gpu;
using Silk.NET.OpenGL;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The cost of one GL call through Silk.NET.OpenGL against the same entry point called through a bare function
/// pointer from <c>eglGetProcAddress</c> (what the hand-written table did), on the context of a real device:
/// <c>glGetError</c> and <c>glDepthMask</c>, cheap driver calls, so the binding's own overhead is what differs.
/// Multiply the difference by the few hundred GL calls of a composite frame to compare with the frame time.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
public unsafe class GlCallOverheadBenchmark
{
    private const int Calls = 1000;
    private GpuDevice _device = null!;
    private GL _silk = null!;
    private delegate* unmanaged<int> _getError;
    private delegate* unmanaged<byte, void> _depthMask;

    [GlobalSetup]
    public void Setup()
    {
        // The device makes its context current on this thread; both bindings then call into that context.
        _device = GpuDevice.Create();
        nint egl = NativeLibrary.Load("libEGL.so.1");
        var getProcAddress = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(egl, "eglGetProcAddress");
        nint Proc(string name)
        {
            nint utf8 = Marshal.StringToCoTaskMemUTF8(name);
            try
            {
                return getProcAddress((byte*)utf8);
            }
            finally
            {
                Marshal.FreeCoTaskMem(utf8);
            }
        }
        _getError = (delegate* unmanaged<int>)Proc("glGetError");
        _depthMask = (delegate* unmanaged<byte, void>)Proc("glDepthMask");
        _silk = GL.GetApi(Proc);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "glGetError, bare function pointer")]
    public int GetErrorRaw()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++)
            sum += _getError();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "glGetError, Silk.NET")]
    public int GetErrorSilk()
    {
        int sum = 0;
        for (int i = 0; i < Calls; i++)
            sum += (int)_silk.GetError();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "glDepthMask, bare function pointer")]
    public void DepthMaskRaw()
    {
        for (int i = 0; i < Calls; i++)
            _depthMask((byte)(i & 1));
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "glDepthMask, Silk.NET")]
    public void DepthMaskSilk()
    {
        for (int i = 0; i < Calls; i++)
            _silk.DepthMask((i & 1) != 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silk.Dispose();
        _device.Dispose();
    }
}
