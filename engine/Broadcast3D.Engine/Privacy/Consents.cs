namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// What an identity consented to (issue #21). Absent flags mean no: the safe behaviour is the default.
/// </summary>
[Flags]
public enum Consents
{
    /// <summary>Nothing: the person is blurred on air and left out of analysis and exports.</summary>
    None = 0,

    /// <summary>Shown unblurred on every picture output (programme, replay, previews, alpha layer, exported clips).</summary>
    Broadcast = 1,

    /// <summary>Included in analysis and reports (<c>b3d analyze</c>, <c>b3d report</c>).</summary>
    Analysis = 2,

    /// <summary>Included in exported data files (TRC, C3D, BVH, glTF, CSV, .mot).</summary>
    Export = 4,
}
