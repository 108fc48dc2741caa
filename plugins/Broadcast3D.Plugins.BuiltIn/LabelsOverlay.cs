using System.Globalization;
using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>labels</c>: each person's name, or "#id" without one, on a box above-right of the head joint. Labels of ids
/// below 100 are made up front (the tracker numbers people from 0), so a label costs nothing per frame.
/// Settings: <c>joint</c> ("Head").
/// </summary>
public sealed class LabelsOverlay : IOverlayPlugin
{
    private const int CachedIds = 100;
    private readonly Dictionary<int, string> _ids = [];
    private string _jointName = "Head";
    private int _joint = -1;

    /// <summary>Labels of the first ids made.</summary>
    public LabelsOverlay()
    {
        for (int id = 0; id < CachedIds; id++)
            IdLabel(id);
    }

    public string Name => "labels";

    public string Version => SdkVersion.Text;

    public string Description => "name or #id above each person's head";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _jointName = settings.Text("joint", "Head");
        _joint = -1;
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (_joint < 0)
            _joint = scene.Skeleton.Require(_jointName);
        TextStyle style = LabelText.Style(canvas, scene.Opacity);
        float half = style.PixelSize * 0.5f;
        foreach (ScenePerson person in scene.People)
        {
            Vector3 head = person.Joints[_joint];
            if (ScenePerson.IsFinite(head))
                canvas.Label(head, person.Name ?? IdLabel(person.Id), style, new Vector2(half, -half));
        }
    }

    public void PrepareText(IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        TextStyle style = LabelText.Style(canvas, 1);
        foreach (string label in _ids.Values)
            canvas.PrepareText(label, style);
    }

    private string IdLabel(int personId)
    {
        if (!_ids.TryGetValue(personId, out string? label))
            _ids[personId] = label = string.Create(CultureInfo.InvariantCulture, $"#{personId}");
        return label;
    }
}
