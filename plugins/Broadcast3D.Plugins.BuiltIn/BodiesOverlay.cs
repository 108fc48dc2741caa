using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>bodies</c>: every person as body capsules (a thick capsule per segment) in cyan, for virtual-camera views such as
/// the orbit replay, not faded. Settings: <c>colour</c> ("#00D1FF"), <c>radiusMetres</c> (0.045).
/// </summary>
public sealed class BodiesOverlay : IOverlayPlugin
{
    /// <summary>The default cyan.</summary>
    public static readonly Vector4 DefaultColour = new(0f, 0.82f, 1f, 1f);

    private Vector4 _colour = DefaultColour;
    private float _radius = 0.045f;

    public string Name => "bodies";

    public string Version => SdkVersion.Text;

    public string Description => "body capsules of every tracked person (orbit view)";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _colour = settings.Colour("colour", DefaultColour);
        // A limb's radius: 1 cm to 30 cm.
        _radius = (float)settings.Number("radiusMetres", 0.045, 0.01, 0.3);
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        IReadOnlyList<(int From, int To)> bones = scene.Skeleton.Bones;
        foreach (ScenePerson person in scene.People)
        {
            ReadOnlySpan<Vector3> joints = person.Joints;
            // Tubes between joints and a ball of the same radius on every joint: one capsule per segment, each
            // joint's cap drawn once.
            for (int b = 0; b < bones.Count; b++)
                canvas.Capsule(joints[bones[b].From], joints[bones[b].To], _radius, _colour, roundEnds: false);
            for (int j = 0; j < joints.Length; j++)
                canvas.Ball(joints[j], _radius, _colour);
        }
    }
}
