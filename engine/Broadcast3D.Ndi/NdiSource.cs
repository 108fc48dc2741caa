namespace Broadcast3D.Ndi;

/// <summary>
/// A source seen by <see cref="NdiFinder"/>: its full NDI name ("HOST (name)") and the address the runtime connects
/// to. Plain managed strings, valid after the finder is gone.
/// </summary>
public sealed record NdiSource(string Name, string UrlAddress)
{
    /// <summary>The part of <see cref="Name"/> inside the parentheses, i.e. the name the sender chose.</summary>
    public string StreamName
    {
        get
        {
            int open = Name.IndexOf(" (", StringComparison.Ordinal);
            return open >= 0 && Name.EndsWith(')') ? Name[(open + 2)..^1] : Name;
        }
    }
}
