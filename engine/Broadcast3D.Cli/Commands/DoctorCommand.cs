using System.CommandLine;
using System.Text.Json;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Engine.Diagnostics;
using Spectre.Console;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d doctor</c>: loads every native dependency for real and says what works.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of a table." };
        var command = new Command("doctor", "Check native libraries, GPU, models and data; exit non-zero if a required item is missing.")
        {
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(json)));
        return command;
    }

    private static int Run(bool asJson)
    {
        IReadOnlyList<DiagnosticItem> items = SystemDoctor.RunAll();
        var failed = items.Where(i => i.Required && i.Status != DiagnosticStatus.Ok).ToList();
        if (asJson)
        {
            var doc = new
            {
                ok = failed.Count == 0,
                items = items.Select(i => new
                {
                    category = i.Category,
                    name = i.Name,
                    status = i.Status.ToString().ToLowerInvariant(),
                    detail = i.Detail,
                    required = i.Required,
                }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            if (Console.IsOutputRedirected)
            {
                // Logs and CI: no colour codes, and no wrapping at Spectre's 80-column default.
                AnsiConsole.Profile.Capabilities.Ansi = false;
                AnsiConsole.Profile.Width = 200;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("Area").AddColumn("Item").AddColumn("Status").AddColumn("Detail");
            foreach (DiagnosticItem i in items)
            {
                string status = i.Status switch
                {
                    DiagnosticStatus.Ok => "[green]ok[/]",
                    DiagnosticStatus.Warning => "[yellow]warn[/]",
                    _ => i.Required ? "[red]MISSING[/]" : "[yellow]absent[/]",
                };
                table.AddRow(Markup.Escape(i.Category), Markup.Escape(i.Name), status, Markup.Escape(i.Detail));
            }
            AnsiConsole.Write(table);
            if (failed.Count == 0)
                AnsiConsole.MarkupLine("[green]All required items are usable.[/]");
            else
                AnsiConsole.MarkupLine($"[red]Missing required items:[/] {Markup.Escape(string.Join(", ", failed.Select(f => f.Category + "/" + f.Name)))}");
        }
        return failed.Count == 0 ? 0 : 1;
    }
}
