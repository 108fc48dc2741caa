namespace Broadcast3D.Renderer.Text;

/// <summary>FreeType is missing, a font file cannot be opened, or a glyph cannot be rendered. The message says which.</summary>
public sealed class FontException : Exception
{
    public FontException(string message) : base(message)
    {
    }

    public FontException(string message, Exception inner) : base(message, inner)
    {
    }

    public FontException()
    {
    }
}
