using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>The pelvis (mid-point of RHip and LHip) of a person, the joint indices looked up once.</summary>
internal struct PelvisFinder
{
    private int _rightHip, _leftHip;
    private bool _found;

    /// <summary>The pelvis of <paramref name="person"/>, world metres (NaN when a hip is missing).</summary>
    public Vector3 Of(OverlayScene scene, ScenePerson person) => Of(scene.Skeleton, person);

    /// <summary>The pelvis of <paramref name="person"/> of <paramref name="skeleton"/>, world metres (NaN when a hip is missing).</summary>
    public Vector3 Of(SceneSkeleton skeleton, ScenePerson person)
    {
        if (!_found)
        {
            (_rightHip, _leftHip, _found) = (skeleton.Require("RHip"), skeleton.Require("LHip"), true);
        }
        return (person.Joints[_rightHip] + person.Joints[_leftHip]) * 0.5f;
    }
}
