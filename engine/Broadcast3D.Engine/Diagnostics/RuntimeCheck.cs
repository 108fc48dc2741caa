using System.Runtime.InteropServices;
using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Engine.Diagnostics;

/// <summary>The .NET runtime and the operating system the engine runs on.</summary>
public sealed class RuntimeCheck : ISystemCheck
{
    public IReadOnlyList<DiagnosticItem> Run() =>
    [
        DiagnosticItem.Ok(".NET", "runtime", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})"),
        DiagnosticItem.Ok(".NET", "os", $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores"),
    ];
}
