namespace Broadcast3D.Plugins.Sample;

/// <summary>
/// The sample external analytics plugin: publishes each person's head height ("head-height", metres) and how many
/// frame sets this instance has analysed ("sample-frames", which starts over when the plugin is reloaded or
/// reconfigured). No settings.
/// </summary>
public sealed class SampleAnalytics : IAnalyticsPlugin
{
    private int _head = -1;
    private long _frames;

    public string Name => "sample-analytics";

    public string Version => "0.1.0";

    public string Description => "head height of every person (sample external analytics plugin)";

    public void Configure(PluginSettings settings) => ArgumentNullException.ThrowIfNull(settings);

    public void Analyse(AnalyticsFrame frame, IAnalyticsPublisher publish)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(publish);
        if (_head < 0)
            _head = frame.Skeleton.Require("Head");
        _frames++;
        foreach (ScenePerson person in frame.People)
        {
            publish.Metric("head-height", person.Id, person.Joints[_head].Z, "m");
            publish.Metric("sample-frames", person.Id, _frames, "frames");
        }
    }
}
