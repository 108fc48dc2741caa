using System.Numerics;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// The floor of a virtual-camera view (<c>Compositor.DrawGround</c>): a square of the horizontal plane at
/// <see cref="Centre"/>'s height (world metres, Z up), fading out over its outer quarter, with a one-metre grid, lit
/// by a sun shining along <see cref="LightDirection"/> (pointing down) whose shadows it receives. Immutable.
/// </summary>
/// <param name="Centre">Centre of the square; its Z is the floor's height, metres.</param>
/// <param name="HalfSizeMetres">Half the square's side, metres (positive).</param>
/// <param name="Colour">Floor colour, straight RGBA.</param>
/// <param name="GridColour">Grid line colour, straight RGBA (alpha: how strongly the lines show).</param>
/// <param name="LightDirection">Direction the light travels (its Z negative: from above), any length.</param>
/// <param name="ShadowStrength">How much a full shadow darkens the floor, 0–1.</param>
public readonly record struct GroundPlane(Vector3 Centre, float HalfSizeMetres, Vector4 Colour, Vector4 GridColour, Vector3 LightDirection,
    float ShadowStrength)
{
    /// <summary>A grey-green pitch of 8 m × 8 m under <paramref name="centre"/>, the sun high and a little to one side.</summary>
    public static GroundPlane Around(Vector3 centre) =>
        new(centre, 4f, new Vector4(0.32f, 0.40f, 0.34f, 1f), new Vector4(0.85f, 0.9f, 0.85f, 0.35f), new Vector3(0.25f, 0.15f, -1f), 0.65f);

    /// <summary>Where <paramref name="world"/>'s shadow falls on the floor (its X, Y; the floor is at <see cref="Centre"/>.Z).</summary>
    public Vector2 ShadowOf(Vector3 world)
    {
        float along = (Centre.Z - world.Z) / LightDirection.Z;
        return new Vector2(world.X + (LightDirection.X * along), world.Y + (LightDirection.Y * along));
    }
}
