namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// A model file does not have the inputs/outputs its declared family needs (wrong file, wrong family, or an export
/// with other sizes). The message lists the expected and the found tensors so the user can pick the right family.
/// </summary>
public sealed class ModelMismatchException : Exception
{
    public ModelMismatchException(string message)
        : base(message)
    {
    }

    public ModelMismatchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ModelMismatchException()
    {
    }
}
