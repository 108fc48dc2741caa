using System.Globalization;
using System.Text;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Tidy CSV of a TRC: one row per frame and marker, <c>frame,time_s,marker,x_UNIT,y_UNIT,z_UNIT</c> (UNIT the TRC's
/// units, axes as in the TRC), missing values as empty cells. Stateless and thread-safe.
/// </summary>
public static class MarkerCsv
{
    /// <summary>The CSV text of <paramref name="trc"/>.</summary>
    public static string Format(TrcData trc)
    {
        ArgumentNullException.ThrowIfNull(trc);
        string u = trc.Units.Trim();
        var s = new StringBuilder($"frame,time_s,marker,x_{u},y_{u},z_{u}\n");
        for (int f = 0; f < trc.FrameCount; f++)
        {
            for (int m = 0; m < trc.MarkerCount; m++)
            {
                s.Append(trc.FrameNumbers[f]).Append(',').Append(trc.Times[f].ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(trc.MarkerNames[m]);
                for (int a = 0; a < 3; a++)
                {
                    double v = trc[f, m, a];
                    s.Append(',');
                    if (double.IsFinite(v))
                    {
                        s.Append(v.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                s.Append('\n');
            }
        }

        return s.ToString();
    }
}
