namespace Broadcast3D.Engine.Configuration;

/// <summary>Where <c>b3d run</c> gets its 3D people (<c>tracking.source</c>).</summary>
public enum TrackingSource
{
    /// <summary>Tracked in this process from the cameras' pictures (models, association, triangulation).</summary>
    Local,

    /// <summary>
    /// Read from a fusion node over the bus (<c>tracking.bus</c>, stream <c>B3D_3D</c>); the cameras are still read
    /// here for the programme's pictures, and the 3D is matched to them by capture time.
    /// </summary>
    Bus,
}
