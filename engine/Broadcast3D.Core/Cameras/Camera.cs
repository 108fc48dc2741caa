namespace Broadcast3D.Core.Cameras;

/// <summary>
/// One calibrated camera: pinhole intrinsics K (pixels), OpenCV lens distortion, and the world→camera pose
/// <c>X_cam = R·X_world + t</c> (R from the rotation vector, t in metres). Pixel coordinates follow OpenCV (origin at
/// the top-left, x right, y down). All maths in double precision. Immutable and
/// thread-safe.
/// </summary>
public sealed class Camera
{
    /// <summary>Creates a camera and validates it.</summary>
    /// <param name="name">Camera name as in the calibration file (e.g. <c>cam_01</c>).</param>
    /// <param name="imageWidth">Image width in pixels the calibration was made at.</param>
    /// <param name="imageHeight">Image height in pixels.</param>
    /// <param name="intrinsics">K, pixels; the last row must be (0, 0, 1).</param>
    /// <param name="distortion">Lens distortion (OpenCV model).</param>
    /// <param name="rotationVector">World→camera rotation as a Rodrigues vector, radians.</param>
    /// <param name="translationMetres">World→camera translation t, metres.</param>
    /// <exception cref="ArgumentException">Empty name, non-positive size, non-finite or malformed K, R or t.</exception>
    public Camera(string name, int imageWidth, int imageHeight, Matrix3d intrinsics, LensDistortion distortion,
                  Vector3d rotationVector, Vector3d translationMetres)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(distortion);
        if (imageWidth <= 0 || imageHeight <= 0)
        {
            throw new ArgumentException($"Camera '{name}': image size {imageWidth}×{imageHeight} must be positive.", nameof(imageWidth));
        }

        Span<double> k = stackalloc double[9];
        intrinsics.CopyTo(k);
        foreach (double value in k)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Camera '{name}': intrinsic matrix has a non-finite value.", nameof(intrinsics));
            }
        }

        if (intrinsics.M20 != 0 || intrinsics.M21 != 0 || intrinsics.M22 != 1 || intrinsics.M00 <= 0 || intrinsics.M11 <= 0)
        {
            throw new ArgumentException(
                $"Camera '{name}': intrinsic matrix must be [[fx,s,cx],[0,fy,cy],[0,0,1]] with fx, fy > 0.", nameof(intrinsics));
        }

        if (!double.IsFinite(rotationVector.Length) || !double.IsFinite(translationMetres.Length))
        {
            throw new ArgumentException($"Camera '{name}': rotation or translation has a non-finite value.", nameof(rotationVector));
        }

        Name = name;
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        Intrinsics = intrinsics;
        Distortion = distortion;
        RotationVector = rotationVector;
        Rotation = Rodrigues.ToMatrix(rotationVector);
        TranslationMetres = translationMetres;
    }

    /// <summary>Camera name as in the calibration file.</summary>
    public string Name { get; }

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Image height in pixels.</summary>
    public int ImageHeight { get; }

    /// <summary>Intrinsic matrix K, pixels.</summary>
    public Matrix3d Intrinsics { get; }

    /// <summary>Lens distortion.</summary>
    public LensDistortion Distortion { get; }

    /// <summary>World→camera rotation as given (Rodrigues vector, radians); kept so files round-trip exactly.</summary>
    public Vector3d RotationVector { get; }

    /// <summary>World→camera rotation matrix R = Rodrigues(<see cref="RotationVector"/>).</summary>
    public Matrix3d Rotation { get; }

    /// <summary>World→camera translation t, metres.</summary>
    public Vector3d TranslationMetres { get; }

    /// <summary>Camera centre in world coordinates, metres: −Rᵀ·t.</summary>
    public Vector3d PositionMetres => -(Rotation.Transpose() * TranslationMetres);

    /// <summary>World point (metres) → camera coordinates (metres, +Z forward).</summary>
    public Vector3d WorldToCamera(Vector3d world) => (Rotation * world) + TranslationMetres;

    /// <summary>
    /// Writes the 3×4 projection matrix P = K·[R | t] row-major into <paramref name="destination"/> (12 doubles),
    /// mapping homogeneous world metres to homogeneous pixels without distortion (the matrix Pose2Sim's
    /// <c>computeP</c> builds when points are not undistorted).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Destination shorter than 12.</exception>
    public void CopyProjectionMatrix(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 12, nameof(destination));
        Matrix3d k = Intrinsics, r = Rotation;
        Vector3d t = TranslationMetres;
        for (int row = 0; row < 3; row++)
        {
            double k0 = k[row, 0], k1 = k[row, 1], k2 = k[row, 2];
            destination[(row * 4) + 0] = (k0 * r.M00) + (k1 * r.M10) + (k2 * r.M20);
            destination[(row * 4) + 1] = (k0 * r.M01) + (k1 * r.M11) + (k2 * r.M21);
            destination[(row * 4) + 2] = (k0 * r.M02) + (k1 * r.M12) + (k2 * r.M22);
            destination[(row * 4) + 3] = (k0 * t.X) + (k1 * t.Y) + (k2 * t.Z);
        }
    }

    /// <summary>The projection matrix P = K·[R | t] as a new 12-element row-major array.</summary>
    public double[] ProjectionMatrix()
    {
        var p = new double[12];
        CopyProjectionMatrix(p);
        return p;
    }

    /// <summary>
    /// Pinhole projection of a world point (metres) to pixels, ignoring distortion. A point behind the camera
    /// still projects (mirrored); check <see cref="WorldToCamera"/>.Z when that matters.
    /// </summary>
    public (double U, double V) ProjectPinhole(Vector3d world)
    {
        Vector3d c = WorldToCamera(world);
        return ToPixels(c.X / c.Z, c.Y / c.Z);
    }

    /// <summary>Projection of a world point (metres) to distorted pixels, as OpenCV's <c>projectPoints</c>.</summary>
    /// <exception cref="NotSupportedException">The camera is a fisheye camera.</exception>
    public (double U, double V) Project(Vector3d world)
    {
        RefuseFisheye();
        Vector3d c = WorldToCamera(world);
        (double x, double y) = Distortion.Distort(c.X / c.Z, c.Y / c.Z);
        return ToPixels(x, y);
    }

    /// <summary>
    /// Removes lens distortion from a pixel position: returns the pixel where the undistorted ray would land
    /// through K (OpenCV <c>undistortPoints(…, P=K)</c>), by iteration (see <see cref="LensDistortion.Undistort"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">The camera is a fisheye camera.</exception>
    public (double U, double V) Undistort(double u, double v)
    {
        RefuseFisheye();
        (double xd, double yd) = PixelsToNormalised(u, v);
        (double x, double y) = Distortion.Undistort(xd, yd);
        return ToPixels(x, y);
    }

    /// <summary>Pixels → normalised image coordinates through K⁻¹ (no distortion removed).</summary>
    public (double X, double Y) PixelsToNormalised(double u, double v)
    {
        Matrix3d k = Intrinsics;
        double y = (v - k.M12) / k.M11;
        double x = (u - k.M02 - (k.M01 * y)) / k.M00;
        return (x, y);
    }

    private (double U, double V) ToPixels(double x, double y)
    {
        Matrix3d k = Intrinsics;
        return ((k.M00 * x) + (k.M01 * y) + k.M02, (k.M11 * y) + k.M12);
    }

    private void RefuseFisheye()
    {
        if (Distortion.IsFisheye)
        {
            throw new NotSupportedException(
                $"Camera '{Name}' is marked fisheye; only the OpenCV pinhole distortion model is implemented.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({ImageWidth}×{ImageHeight})";
}
