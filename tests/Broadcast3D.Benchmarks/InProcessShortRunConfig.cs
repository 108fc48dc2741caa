using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// A brief run (3 warm-up, 3 measured iterations) inside this process: benchmarks that hold a native runtime
/// and a network connection skip the separate build and process, which on a 2-core machine costs minutes.
/// </summary>
public sealed class InProcessShortRunConfig : ManualConfig
{
    public InProcessShortRunConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
