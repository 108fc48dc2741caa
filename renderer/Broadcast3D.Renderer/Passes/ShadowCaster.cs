using System.Numerics;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// A capsule that casts a shadow on a <see cref="GroundPlane"/> (a body segment): from <paramref name="From"/> to
/// <paramref name="To"/>, world metres, <paramref name="RadiusMetres"/> thick. A caster with a non-finite end, or a
/// radius not positive and finite, is skipped.
/// </summary>
public readonly record struct ShadowCaster(Vector3 From, Vector3 To, float RadiusMetres);
