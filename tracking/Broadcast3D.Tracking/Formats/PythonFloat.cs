using System.Globalization;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Formats doubles as Python's <c>repr(float)</c> does (shortest round-trip digits; positional notation for
/// decimal exponents −4 ≤ e &lt; 16 with at least one fractional digit, otherwise <c>d.ddde±XX</c>), so files we
/// write match those of the Python tools (Pose2Sim's TOML and TRC writers) character for character.
/// </summary>
public static class PythonFloat
{
    /// <summary>The repr text of <paramref name="value"/> (<c>nan</c>, <c>inf</c>, <c>-inf</c> for non-finite values).</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is, in .NET Core 3.0+. Decompose it into digits and a decimal exponent.
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = r.IndexOf('E', StringComparison.Ordinal);
        string mantissa = r;
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r[..e];
        }

        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int pointPosition = (dot >= 0 ? dot : mantissa.Length) + exponent;
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        pointPosition -= leadingZeros;
        int decimalExponent = pointPosition - 1; // value = 0.d1d2… × 10^pointPosition = d1.d2… × 10^(pointPosition−1)
        string sign = value < 0 ? "-" : string.Empty;
        string text;
        if (decimalExponent is >= -4 and < 16)
        {
            if (pointPosition <= 0)
            {
                text = "0." + new string('0', -pointPosition) + digits;
            }
            else if (pointPosition >= digits.Length)
            {
                text = digits + new string('0', pointPosition - digits.Length) + ".0";
            }
            else
            {
                text = digits[..pointPosition] + "." + digits[pointPosition..];
            }
        }
        else
        {
            string fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            string expSign = decimalExponent < 0 ? "-" : "+";
            text = digits[0] + fraction + "e" + expSign + Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
        }

        return sign + text;
    }
}
