namespace Broadcast3D.Control;

/// <summary><c>POST /api/programme</c>: cut the programme to a camera.</summary>
/// <param name="Camera">The camera's name, as in the configuration's <c>cameras</c> (and <c>GET /api/state</c>).</param>
public sealed record ProgrammeRequest(string Camera);
