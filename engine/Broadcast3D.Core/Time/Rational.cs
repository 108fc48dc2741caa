namespace Broadcast3D.Core.Time;

/// <summary>
/// An exact fraction <c>Numerator/Denominator</c>, always reduced with a positive denominator. Used for frame
/// rates, time bases and media times so that no period is ever rounded (a 59.94 period stored as rounded
/// microseconds drifts ~72 ms an hour). Comparisons use 128-bit cross products and never overflow.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly long _denominator;

    /// <summary>Creates a reduced fraction. Throws when <paramref name="denominator"/> is zero.</summary>
    public Rational(long numerator, long denominator)
    {
        if (denominator == 0)
            throw new ArgumentOutOfRangeException(nameof(denominator), "denominator must not be zero");
        if (denominator < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        long g = Gcd(Math.Abs(numerator), denominator);
        Numerator = numerator / g;
        _denominator = denominator / g;
    }

    /// <summary>Zero (0/1).</summary>
    public static Rational Zero => new(0, 1);

    public long Numerator { get; }

    /// <summary>Always &gt; 0 (a default-initialised value reads as 0/1).</summary>
    public long Denominator => _denominator == 0 ? 1 : _denominator;

    /// <summary>Nearest double; for display and maths that tolerate rounding, never for accumulating time.</summary>
    public double ToDouble() => (double)Numerator / Denominator;

    /// <summary>The value times an integer, exact.</summary>
    public Rational Multiply(long factor) => FromInt128((Int128)Numerator * factor, Denominator);

    public static Rational operator +(Rational a, Rational b) =>
        FromInt128((Int128)a.Numerator * b.Denominator + (Int128)b.Numerator * a.Denominator, (Int128)a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        FromInt128((Int128)a.Numerator * b.Denominator - (Int128)b.Numerator * a.Denominator, (Int128)a.Denominator * b.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        FromInt128((Int128)a.Numerator * b.Numerator, (Int128)a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b)
    {
        if (b.Numerator == 0)
            throw new DivideByZeroException("division of a Rational by zero");
        return FromInt128((Int128)a.Numerator * b.Denominator, (Int128)a.Denominator * b.Numerator);
    }

    /// <summary>floor(value), exact.</summary>
    public long Floor()
    {
        long q = Numerator / Denominator;
        return (Numerator % Denominator != 0 && Numerator < 0) ? q - 1 : q;
    }

    /// <summary>Nearest integer, halves away from zero, exact.</summary>
    public long Round()
    {
        Int128 twice = (Int128)Numerator * 2;
        Int128 d = (Int128)Denominator * 2;
        return (long)(Numerator >= 0 ? (twice + Denominator) / d : -((-twice + Denominator) / d));
    }

    public int CompareTo(Rational other) =>
        ((Int128)Numerator * other.Denominator).CompareTo((Int128)other.Numerator * Denominator);

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() => Denominator == 1 ? $"{Numerator}" : $"{Numerator}/{Denominator}";

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    private static Rational FromInt128(Int128 num, Int128 den)
    {
        if (den < 0)
        {
            num = -num;
            den = -den;
        }
        Int128 g = Gcd128(Int128.Abs(num), den);
        num /= g;
        den /= g;
        if (num > long.MaxValue || num < long.MinValue || den > long.MaxValue)
            throw new OverflowException($"rational {num}/{den} does not fit in 64 bits");
        return new Rational((long)num, (long)den);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }

    private static Int128 Gcd128(Int128 a, Int128 b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }
}
