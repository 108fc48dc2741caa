namespace Broadcast3D.Engine.Configuration;

/// <summary>Programme picture: which camera is the plate and the output size.</summary>
public sealed record ProgramConfig(string Camera, int Width, int Height);
