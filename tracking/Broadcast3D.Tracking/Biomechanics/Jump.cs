namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>A jump: take-off and landing times, flight time (s), height from flight time and from the centre-of-mass rise (m).</summary>
public sealed record Jump(double TakeOffSeconds, double LandingSeconds, double FlightTimeSeconds, double HeightFromFlightTimeMetres, double HeightFromComRiseMetres);
