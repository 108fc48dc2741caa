using System.CommandLine;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d demo</c>: the whole pipeline offline on the built-in 4-camera sample (issue #7).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the full pipeline offline on the built-in 4-camera Balancing trial and write ./b3d-demo/.");
        command.SetAction(_ =>
        {
            // Honest until the end-to-end pipeline (issue #7) lands: the command exists and says so.
            Console.Error.WriteLine("b3d demo: the end-to-end pipeline is not built yet (issue #7). " +
                                    "Run './b3d doctor' to check the installation.");
            return 2;
        });
        return command;
    }
}
