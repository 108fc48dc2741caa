namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>A foot on the ground from <paramref name="StartSeconds"/> to <paramref name="EndSeconds"/> (frames [StartFrame, EndFrame)).</summary>
public sealed record FootContact(string Foot, double StartSeconds, double EndSeconds, int StartFrame, int EndFrame)
{
    /// <summary>Contact time, seconds.</summary>
    public double DurationSeconds => EndSeconds - StartSeconds;
}
