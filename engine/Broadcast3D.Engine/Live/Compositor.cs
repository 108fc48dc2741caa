using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Pipeline;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// Channel-thread side of the live programme: takes the newest picture (repeating and counting when there is
/// none), delays it by the configured frames (<see cref="DelayLine{T}"/>), samples the skeletons at the delayed
/// picture's capture time (<see cref="SkeletonInterpolator"/>) and paints them through the programme camera's
/// calibration. CPU stand-in for the GPU compositor (issue #6). Buffers allocated once. Channel thread only.
/// </summary>
internal sealed class Compositor
{
    private const uint SkeletonColourBgra = 0xFFFFA500u; // orange in BGRA byte order (B in the lowest byte)

    private readonly Camera _camera;
    private readonly TripleBuffer<ProgramPicture> _pictures;
    private readonly TripleBuffer<SkeletonSet> _skeletons;
    private readonly DelayLine<ProgramPicture> _delay;
    private readonly SkeletonInterpolator _interpolator;
    private readonly SkeletonSet _sample;
    private readonly ProgramPicture _output;
    private readonly bool _drawSkeleton;
    private readonly double[] _world;
    private readonly (double, double)[] _projected;
    private long _lastIngest;

    public Compositor(Camera camera, TripleBuffer<ProgramPicture> pictures, TripleBuffer<SkeletonSet> skeletons, int delayFrames,
        bool drawSkeleton, int width, int height, int maxPeople)
    {
        _camera = camera;
        _pictures = pictures;
        _skeletons = skeletons;
        _drawSkeleton = drawSkeleton;
        _delay = new DelayLine<ProgramPicture>(delayFrames, () => new ProgramPicture(width, height));
        _sample = new SkeletonSet(Pose2SimMarkers.Definition, maxPeople);
        _interpolator = new SkeletonInterpolator(_sample);
        _output = new ProgramPicture(width, height);
        _world = new double[Pose2SimMarkers.Definition.KeypointCount * 3];
        _projected = new (double, double)[Pose2SimMarkers.Definition.KeypointCount];
    }

    /// <summary>The next programme picture, or null while the delay line fills. Valid until the next call.</summary>
    public ProgramPicture? Compose(ChannelStats stats)
    {
        ProgramPicture picture = _pictures.Read(out bool isNew);
        if (!isNew)
            stats.CountRepeat();
        SkeletonSet skeletons = _skeletons.Read(out bool newSkeletons);
        if (newSkeletons)
            _interpolator.Push(skeletons);

        _delay.WriteSlot.CopyFrom(picture);
        ProgramPicture? delayed = _delay.Push();
        if (delayed is null)
            return null;
        _output.CopyFrom(delayed);
        // A repeated picture is not new glass-to-output: only its first showing is measured (0 = not measured).
        if (_output.IngestTimestamp == _lastIngest)
            _output.IngestTimestamp = 0;
        else
            _lastIngest = _output.IngestTimestamp;
        if (_drawSkeleton && delayed.HasFrame && _interpolator.Sample(delayed.Time, _sample))
        {
            double sx = (double)_output.Width / delayed.SourceWidth, sy = (double)_output.Height / delayed.SourceHeight;
            int thickness = Math.Max(3, _output.Height / 200);
            for (int p = 0; p < _sample.Count; p++)
            {
                ReadOnlySpan<float> joints = _sample.PersonJoints(p);
                for (int i = 0; i < _world.Length; i++)
                    _world[i] = joints[i];
                SkeletonPainter.Paint(_output.Pixels, _output.Width, _output.Height, _camera, _world, Pose2SimMarkers.Definition,
                    SkeletonColourBgra, thickness, _projected, sx, sy);
            }
        }
        return _output;
    }
}
