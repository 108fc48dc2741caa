namespace Broadcast3D.Ndi;

/// <summary>
/// No usable NDI runtime was found. The message reads "NDI runtime not installed: get it from ndi.video (looked in:
/// …)" and lists every place tried, with the loader's reason where a file existed but did not load.
/// </summary>
public sealed class NdiRuntimeNotInstalledException : NdiException
{
    public NdiRuntimeNotInstalledException()
    {
    }

    public NdiRuntimeNotInstalledException(string message) : base(message)
    {
    }

    public NdiRuntimeNotInstalledException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
