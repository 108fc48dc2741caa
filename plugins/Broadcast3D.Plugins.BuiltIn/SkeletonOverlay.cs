using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>skeleton</c>: every person's bones (shaded tubes) and joints (balls) in orange, sized like the offline overlay
/// so both read the same on air; the highlighted athlete in a warm white, far from the orange of the others. Settings:
/// <c>colour</c> ("#FFA600"), <c>highlightColour</c> ("#FFF2BF"), <c>boneRadiusMetres</c> (0.02), <c>jointRadiusMetres</c> (0.035).
/// </summary>
public sealed class SkeletonOverlay : IOverlayPlugin
{
    /// <summary>The default orange.</summary>
    public static readonly Vector4 DefaultColour = new(1f, 0.65f, 0f, 1f);

    /// <summary>The default highlight: a warm white.</summary>
    public static readonly Vector4 DefaultHighlightColour = new(1f, 0.95f, 0.75f, 1f);

    private Vector4 _colour = DefaultColour, _highlightColour = DefaultHighlightColour;
    private float _boneRadius = 0.02f, _jointRadius = 0.035f;

    public string Name => "skeleton";

    public string Version => SdkVersion.Text;

    public string Description => "bones and joints of every tracked person";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _colour = settings.Colour("colour", DefaultColour);
        _highlightColour = settings.Colour("highlightColour", DefaultHighlightColour);
        // 1 mm to 20 cm: thinner vanishes at broadcast resolutions, thicker hides the athlete.
        _boneRadius = (float)settings.Number("boneRadiusMetres", 0.02, 0.001, 0.2);
        _jointRadius = (float)settings.Number("jointRadiusMetres", 0.035, 0.001, 0.2);
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        Vector4 normal = _colour with { W = _colour.W * scene.Opacity };
        Vector4 highlight = _highlightColour with { W = _highlightColour.W * scene.Opacity };
        IReadOnlyList<(int From, int To)> bones = scene.Skeleton.Bones;
        foreach (ScenePerson person in scene.People)
        {
            ReadOnlySpan<Vector3> joints = person.Joints;
            Vector4 colour = person.Highlighted ? highlight : normal;
            // Indexed: an enumerator through IReadOnlyList would be a heap object per person per frame.
            for (int b = 0; b < bones.Count; b++)
                canvas.Capsule(joints[bones[b].From], joints[bones[b].To], _boneRadius, colour, roundEnds: false);
            for (int j = 0; j < joints.Length; j++)
                canvas.Ball(joints[j], _jointRadius, colour);
        }
    }
}
