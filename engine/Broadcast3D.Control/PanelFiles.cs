using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Broadcast3D.Control;

/// <summary>
/// The web panel: three static files embedded in this assembly, served as they are (no build step) with a content
/// security policy that allows only this origin's scripts and connections. The panel holds no secret: it asks for
/// the token and keeps it in the tab's session storage.
/// </summary>
public static class PanelFiles
{
    private const string Policy = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    /// <summary>Maps <c>/</c>, <c>/panel.js</c>, <c>/panel.css</c> and <c>/replay.js</c> (the replay controls).</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        Serve(routes, "/", "index.html", "text/html; charset=utf-8");
        Serve(routes, "/panel.js", "panel.js", "text/javascript; charset=utf-8");
        Serve(routes, "/panel.css", "panel.css", "text/css; charset=utf-8");
        Serve(routes, "/replay.js", "replay.js", "text/javascript; charset=utf-8");
    }

    private static void Serve(IEndpointRouteBuilder routes, string path, string file, string contentType)
    {
        byte[] content = Read(file);
        routes.MapGet(path, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = Policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(content, contentType);
        }).ExcludeFromDescription();
    }

    private static byte[] Read(string file)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"panel/{file}")
            ?? throw new InvalidOperationException($"the panel file {file} is not embedded in {typeof(PanelFiles).Assembly.GetName().Name}: a build defect");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
