using BenchmarkDotNet.Running;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Benchmarks: <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- --filter '*'</c>.
/// Each class measures our code against a baseline in the same run and states its conclusion.
/// <c>-- live-cost ...</c> runs the live threads' cost harness instead (<see cref="LiveCostHarness"/>), <c>-- overlay-cost</c>
/// the overlay layer's (<see cref="OverlayCostHarness"/>), <c>-- control-load ...</c> the control API's load harness
/// (<see cref="ControlLoadHarness"/>), <c>-- mesh-cost</c> the athlete mesh drawing's (<see cref="MeshCostHarness"/>).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "live-cost")
            return LiveCostHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "overlay-cost")
            return OverlayCostHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "mesh-cost")
            return MeshCostHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "composite-profile")
            return CompositeProfileHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "picture-path")
            return PicturePathHarness.Run(args[1..]);
        if (args.Length > 0 && args[0] == "control-load")
            return ControlLoadHarness.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
