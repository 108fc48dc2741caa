using BenchmarkDotNet.Running;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Benchmarks: <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- --filter '*'</c>.
/// Each class measures our code against a baseline in the same run and states its conclusion.
/// </summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
