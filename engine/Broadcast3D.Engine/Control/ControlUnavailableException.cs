namespace Broadcast3D.Engine.Control;

/// <summary>The programme cannot take commands now: not started yet (models loading), stopped, or not applying them.</summary>
public sealed class ControlUnavailableException(string message) : Exception(message);
