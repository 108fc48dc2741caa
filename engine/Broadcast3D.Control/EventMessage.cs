namespace Broadcast3D.Control;

/// <summary>A message of <c>/api/events</c>.</summary>
/// <param name="V">Format version (<see cref="EventStream.Version"/>).</param>
/// <param name="Type"><c>state</c>, <c>ack</c> or <c>error</c>.</param>
/// <param name="Data">The state, the acknowledgement or the error.</param>
public sealed record EventMessage<T>(int V, string Type, T Data);
