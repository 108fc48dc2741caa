using System.Globalization;
using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Gpu.Diagnostics;

/// <summary>
/// <c>b3d doctor</c>'s GPU lines: creates a real device (EGL version, GL vendor/renderer/version as read through
/// Silk.NET.OpenGL, limits) and runs a
/// tiny compute kernel whose result is checked against the CPU. Never throws; runs on the calling thread and
/// disposes its device before returning.
/// </summary>
public sealed class GpuSystemCheck : ISystemCheck
{
    private const string Category = "GPU";
    private readonly GpuDeviceDescription _description;

    /// <summary>Checks the device the engine would create by default.</summary>
    public GpuSystemCheck() : this(new GpuDeviceDescription())
    {
    }

    /// <summary>Checks a device created with <paramref name="description"/> (tests: an absent EGL library).</summary>
    public GpuSystemCheck(GpuDeviceDescription description) => _description = description;

    public IReadOnlyList<DiagnosticItem> Run()
    {
        if (!GpuDevice.TryCreate(_description, out GpuDevice? device, out string error))
            return [DiagnosticItem.Missing(Category, "OpenGL 4.5 device", error)];
        using (device)
        {
            GpuDeviceInfo info = device.Info;
            var items = new List<DiagnosticItem>
            {
                DiagnosticItem.Ok(Category, "EGL", $"{info.EglVersion} ({info.EglVendor}) on {info.Platform}"),
                info.IsSoftware
                    ? DiagnosticItem.Warning(Category, "OpenGL", $"{info.GlRenderer} ({info.GlVendor}), {info.GlVersion} through {info.GlBinding}: software rendering on the CPU, fine for tests and offline work, too slow for live 1080p")
                    : DiagnosticItem.Ok(Category, "OpenGL", $"{info.GlRenderer} ({info.GlVendor}), {info.GlVersion} through {info.GlBinding}"),
                DiagnosticItem.Ok(Category, "limits", string.Create(CultureInfo.InvariantCulture,
                    $"max texture {info.MaxTextureSize}px, compute groups x ≤ {info.MaxComputeWorkGroupCountX}, storage block ≤ {info.MaxShaderStorageBlockSize >> 20} MiB")),
            };
            items.Add(ComputeSelfTest(device));
            return items;
        }
    }

    private static DiagnosticItem ComputeSelfTest(GpuDevice device)
    {
        const int Count = 128;
        try
        {
            float[] input = new float[Count];
            for (int i = 0; i < Count; i++)
                input[i] = i;
            using GpuBuffer inBuffer = device.CreateBuffer(new BufferDescription(Count * sizeof(float), BufferUsage.None),
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()));
            using GpuBuffer outBuffer = device.CreateBuffer(new BufferDescription(Count * sizeof(float), BufferUsage.Readback));
            using GpuProgram kernel = device.CreateComputeProgram("selftest.comp");
            device.BindStorageBuffer(0, inBuffer);
            device.BindStorageBuffer(1, outBuffer);
            device.Dispatch(kernel, Count / 64);
            float[] output = new float[Count];
            outBuffer.Read<float>(output);
            for (int i = 0; i < Count; i++)
            {
                int group = i / 64;
                // Sum of 64 consecutive integers starting at 64·group.
                float groupSum = 64 * (64 * group) + 63 * 64 / 2;
                float expected = 2 * i + groupSum;
                if (output[i] != expected)
                    return DiagnosticItem.Missing(Category, "compute shaders", $"the self-test kernel gave {output[i]} at {i}, expected {expected}: the driver computes wrong results");
            }
            return DiagnosticItem.Ok(Category, "compute shaders", $"self-test kernel dispatched, {Count} results correct");
        }
        catch (GpuException ex)
        {
            return DiagnosticItem.Missing(Category, "compute shaders", ex.Message);
        }
    }
}
