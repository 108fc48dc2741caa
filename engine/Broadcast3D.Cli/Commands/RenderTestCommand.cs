using System.CommandLine;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d render-test --out DIR</c>: renders the reference scenes (plate + skeleton + text + alpha) and writes, per
/// scene, NAME.png (straight alpha), NAME_fill.png and NAME_key.png (the fill + key pair, premultiplied fill).
/// </summary>
internal static class RenderTestCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the PNGs into (created if missing).", Required = true };
        var command = new Command("render-test", "Render the reference scenes (video plate, skeleton, text, alpha) to PNG files.") { output };
        command.SetAction(parse =>
        {
            var dir = new DirectoryInfo(CliChecks.OutputFolder(parse.GetValue(output)!.FullName));
            if (!GpuDevice.TryCreate(new GpuDeviceDescription(), out GpuDevice? device, out string error))
                throw new GpuUnavailableException($"no GPU device: {error}");
            using (device)
            {
                Console.WriteLine($"device: {device.Info}");
                foreach (string name in ReferenceScenes.Names)
                {
                    RgbaImage rgba = ReferenceScenes.Render(device, name);
                    var fill = new RgbaImage(rgba.Width, rgba.Height);
                    var key = new RgbaImage(rgba.Width, rgba.Height);
                    Compositor.SplitFillKey(rgba.Pixels, fill.Pixels, key.Pixels);
                    ImageFile.WriteRgba(Path.Combine(dir.FullName, name + ".png"), ReferenceScenes.Unpremultiply(rgba));
                    ImageFile.WriteRgba(Path.Combine(dir.FullName, name + "_fill.png"), fill);
                    ImageFile.WriteRgba(Path.Combine(dir.FullName, name + "_key.png"), key);
                    Console.WriteLine($"{name}: {rgba.Width}x{rgba.Height} -> {Path.Combine(dir.FullName, name)}{{,_fill,_key}}.png");
                }
                return CliErrors.Ok;
            }
        });
        return command;
    }
}
