namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// An explicitly requested tracking accelerator is not usable on this machine. The message names the option as the
/// user spelled it (<see cref="OptionName"/>), why the accelerator is unusable and what is available instead.
/// </summary>
public sealed class AcceleratorUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="optionName"/> with a complete, user-facing message.</summary>
    public AcceleratorUnavailableException(string optionName, string message)
        : base(message)
    {
        OptionName = optionName;
    }

    /// <summary>The option or configuration field that asked for the accelerator (<c>--accelerator</c>, <c>tracking.accelerator</c>).</summary>
    public string OptionName { get; }
}
