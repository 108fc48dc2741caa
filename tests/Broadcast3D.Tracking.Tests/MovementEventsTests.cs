using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

public sealed class MovementEventsTests
{
    [Test]
    public void Detect_ConstructedJump_GivesTakeOffLandingAndHeights()
    {
        // The zero pose standing 0.5 s, a ballistic flight of exactly 0.4 s (24 frames at 60 Hz), then standing 0.5 s.
        const double rate = 60, g = 9.81, flight = 0.4;
        TrcData stand = JointAnglesTests.Pose();
        double lowest = Enumerable.Range(0, stand.MarkerCount).Min(m => stand[0, m, 1]);
        int frames = 30 + 24 + 30;
        var coordinates = new double[frames * stand.MarkerCount * 3];
        for (int f = 0; f < frames; f++)
        {
            double t = (f - 30) / rate;
            double lift = f is >= 30 and < 54 ? (g * flight / 2 * t) - (g / 2 * t * t) : 0;
            for (int m = 0; m < stand.MarkerCount; m++)
            {
                int i = ((f * stand.MarkerCount) + m) * 3;
                coordinates[i] = stand[0, m, 0];
                coordinates[i + 1] = stand[0, m, 1] - lowest + lift;
                coordinates[i + 2] = stand[0, m, 2];
            }
        }

        int[] numbers = [.. Enumerable.Range(1, frames)];
        var trc = new TrcData(JointAnglesTests.Names, rate, numbers, [.. numbers.Select(n => n / rate)], coordinates);
        var markers = new MarkerSet(trc);
        Vector3d[] com = Kinematics.CentreOfMass(markers, frames);

        MovementEventSummary events = MovementEvents.Detect(markers, frames, rate, com);

        Assert.That(events.Jumps, Has.Count.EqualTo(1));
        Jump jump = events.Jumps[0];
        Assert.Multiple(() =>
        {
            // The feet leave the 3 cm contact band one frame after the flight starts; landing is the first frame back on the ground.
            Assert.That(jump.TakeOffSeconds, Is.EqualTo(31 / rate).Within(1e-9));
            Assert.That(jump.LandingSeconds, Is.EqualTo(54 / rate).Within(1e-9));
            Assert.That(jump.HeightFromFlightTimeMetres, Is.EqualTo(g * jump.FlightTimeSeconds * jump.FlightTimeSeconds / 8).Within(1e-12));
            // The apex is g·0.4²/8 = 0.196 m above the start; take-off is one frame (0.0163 m) up already.
            Assert.That(jump.HeightFromComRiseMetres, Is.EqualTo((g * flight * flight / 8) - ((g * flight / 2 / rate) - (g / 2 / rate / rate))).Within(2e-3));
            Assert.That(events.Gait, Is.Null, "jumping on the spot is not gait");
            // The constructed left heel is the lowest marker (the right foot stands 5 cm higher): two left contacts.
            Assert.That(events.Contacts.Count(c => c.Foot == "left"), Is.EqualTo(2));
        });
    }
}
