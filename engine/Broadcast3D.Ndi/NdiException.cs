namespace Broadcast3D.Ndi;

/// <summary>An NDI call failed; the message names the function, the object and what usually causes it.</summary>
public class NdiException : Exception
{
    public NdiException()
    {
    }

    public NdiException(string message) : base(message)
    {
    }

    public NdiException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
