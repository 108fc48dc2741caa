namespace Broadcast3D.Core.Assets;

/// <summary>A required model, data file or folder is missing. The message names the path and what to do.</summary>
public sealed class AssetNotFoundException : FileNotFoundException
{
    public AssetNotFoundException(string path, string message) : base(message, path)
    {
    }
}
