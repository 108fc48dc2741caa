namespace Broadcast3D.Core.Cameras;

/// <summary>
/// A 3×3 matrix in double precision, row-major (<c>M01</c> is row 0, column 1). Used for camera intrinsics K and
/// rotations. Immutable and therefore thread-safe.
/// </summary>
public readonly record struct Matrix3d(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>The identity matrix.</summary>
    public static Matrix3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Element at <paramref name="row"/>, <paramref name="column"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Row or column outside 0..2.</exception>
    public double this[int row, int column] => (uint)row > 2 || (uint)column > 2
        ? throw new ArgumentOutOfRangeException(nameof(row), $"({row},{column}) is outside a 3×3 matrix.")
        : ((row * 3) + column) switch
    {
        0 => M00, 1 => M01, 2 => M02, 3 => M10, 4 => M11, 5 => M12, 6 => M20, 7 => M21,
        _ => M22,
    };

    /// <summary>The transpose (the inverse of a rotation).</summary>
    public Matrix3d Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>Matrix × column vector.</summary>
    public static Vector3d operator *(Matrix3d m, Vector3d v) => new(
        (m.M00 * v.X) + (m.M01 * v.Y) + (m.M02 * v.Z),
        (m.M10 * v.X) + (m.M11 * v.Y) + (m.M12 * v.Z),
        (m.M20 * v.X) + (m.M21 * v.Y) + (m.M22 * v.Z));

    /// <summary>Matrix product a·b.</summary>
    public static Matrix3d operator *(Matrix3d a, Matrix3d b) => new(
        (a.M00 * b.M00) + (a.M01 * b.M10) + (a.M02 * b.M20),
        (a.M00 * b.M01) + (a.M01 * b.M11) + (a.M02 * b.M21),
        (a.M00 * b.M02) + (a.M01 * b.M12) + (a.M02 * b.M22),
        (a.M10 * b.M00) + (a.M11 * b.M10) + (a.M12 * b.M20),
        (a.M10 * b.M01) + (a.M11 * b.M11) + (a.M12 * b.M21),
        (a.M10 * b.M02) + (a.M11 * b.M12) + (a.M12 * b.M22),
        (a.M20 * b.M00) + (a.M21 * b.M10) + (a.M22 * b.M20),
        (a.M20 * b.M01) + (a.M21 * b.M11) + (a.M22 * b.M21),
        (a.M20 * b.M02) + (a.M21 * b.M12) + (a.M22 * b.M22));

    /// <summary>Copies the nine elements row-major into <paramref name="destination"/> (length ≥ 9).</summary>
    public void CopyTo(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 9, nameof(destination));
        destination[0] = M00; destination[1] = M01; destination[2] = M02;
        destination[3] = M10; destination[4] = M11; destination[5] = M12;
        destination[6] = M20; destination[7] = M21; destination[8] = M22;
    }
}
