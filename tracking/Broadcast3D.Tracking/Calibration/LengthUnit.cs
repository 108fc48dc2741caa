namespace Broadcast3D.Tracking.Calibration;

/// <summary>Unit of the translations in a calibration file.</summary>
public enum LengthUnit
{
    /// <summary>Detect from the values (see <see cref="CalibrationToml"/>); the choice is reported, never silent.</summary>
    Auto,

    /// <summary>Metres (anipose, Pose2Sim).</summary>
    Metres,

    /// <summary>Millimetres (some tools of the same family); converted to metres on reading.</summary>
    Millimetres,
}
