using System.Globalization;
using System.Xml.Linq;
using System.Xml;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Calibration;

/// <summary>
/// Imports a Qualisys QTM calibration export (<c>.qca.txt</c>, XML) by the rules of Pose2Sim's
/// <c>calib_qca_fun</c> (BSD-3): video cameras only (model "Miqus Video", "Miqus Video UnderWater" or "none");
/// image size = fov_video right − left + 1 by bottom − top + 1; fx, fy = focalLengthU/V ÷ 64; cx = centerPointU ÷ 64
/// − left, cy = centerPointV ÷ 64 − top (QTM stores them in 1/64 sub-pixels), all divided by the binning factor and
/// scaled by 1080 / video resolution; the <c>transform</c> rotation is read by columns (R_q) and x, y, z are the camera
/// position in mm; world→camera R = R_qᵀ, t = −R·T_q/1000; then a rotation of π about the camera x axis (QTM's
/// camera looks along −z); rotation = Rodrigues(R). Distortion: see <see cref="QualisysDistortion"/>. Cameras are
/// sorted by name in natural order. Stateless and thread-safe.
/// </summary>
public static class QualisysCalibration
{
    // QTM stores focal length and principal point in sub-pixel units of 1/64 pixel.
    private const double SubPixelsPerPixel = 64.0;

    // How far RᵀR may be from I and det R from 1: QTM prints the matrix to about 6 significant digits, a few
    // units of 1e-6; anything beyond 1e-4 is not a rotation (a hand edit, a scaled or sheared transform).
    private const double RotationTolerance = 1e-4;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">The .qca.txt file.</param>
    /// <param name="distortion">Distortion choice (raw coefficients by default).</param>
    /// <param name="binningFactor">Sensor binning (1, or 2 when filming in 540p).</param>
    /// <exception cref="CalibrationFormatException">Missing file, not XML, or a missing or non-numeric attribute (named).</exception>
    public static CameraRig Read(string path, QualisysDistortion distortion = QualisysDistortion.Raw, int binningFactor = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binningFactor, 1);
        if (Directory.Exists(path))
        {
            throw new CalibrationFormatException(path, 0, 0, "is a folder; give the Qualisys .qca.txt calibration file");
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            throw new CalibrationFormatException(path, 0, 0, $"cannot read the Qualisys calibration: {ex.Message}", ex);
        }

        var cameras = new List<Camera>();
        XElement? list = document.Root?.Element("cameras");
        foreach (XElement element in list?.Elements("camera") ?? [])
        {
            string model = element.Attribute("model")?.Value ?? "none";
            if (model is not ("Miqus Video" or "Miqus Video UnderWater" or "none"))
            {
                continue;
            }

            Camera camera = ReadCamera(element, path, distortion, binningFactor);
            if (cameras.Any(c => c.Name == camera.Name))
            {
                throw new CalibrationFormatException(path, Line(element), 0,
                    $"camera serial '{camera.Name}' appears twice; each camera of a calibration needs its own serial");
            }

            cameras.Add(camera);
        }

        if (cameras.Count == 0)
        {
            throw new CalibrationFormatException(path, 0, 0, "no video camera in <calibration><cameras> (expected <camera> elements with model 'none' or 'Miqus Video')");
        }

        cameras.Sort((a, b) => NaturalStringComparer.Instance.Compare(a.Name, b.Name));
        return new CameraRig(cameras);
    }

    private static Camera ReadCamera(XElement camera, string path, QualisysDistortion distortion, int binning)
    {
        string name = camera.Attribute("serial")?.Value ?? throw Missing(camera, path, "serial");
        string? resolution = camera.Attribute("video_resolution")?.Value;
        double resolutionScale = 1.0;
        if (resolution is not null and not "N/A")
        {
            // e.g. "540p": Pose2Sim scales the 1080p-referenced intrinsics by 1080 / 540.
            resolutionScale = 1080.0 / Number(resolution.TrimEnd('p'), camera, path, "video_resolution");
        }

        XElement fov = camera.Element("fov_video") ?? throw Missing(camera, path, "fov_video");
        double left = Attribute(fov, path, "left"), right = Attribute(fov, path, "right");
        double top = Attribute(fov, path, "top"), bottom = Attribute(fov, path, "bottom");
        if (right <= left || bottom <= top)
        {
            throw new CalibrationFormatException(path, Line(fov), 0,
                $"camera '{name}': <fov_video> left {left}, right {right}, top {top}, bottom {bottom} spans no picture; right must exceed left and bottom top");
        }

        double width = (right - left + 1) / binning / resolutionScale;
        double height = (bottom - top + 1) / binning / resolutionScale;

        XElement intrinsic = camera.Element("intrinsic") ?? throw Missing(camera, path, "intrinsic");
        double fx = Attribute(intrinsic, path, "focalLengthU") / SubPixelsPerPixel / binning / resolutionScale;
        double fy = Attribute(intrinsic, path, "focalLengthV") / SubPixelsPerPixel / binning / resolutionScale;
        double cx = ((Attribute(intrinsic, path, "centerPointU") / SubPixelsPerPixel / binning) - left) / resolutionScale;
        double cy = ((Attribute(intrinsic, path, "centerPointV") / SubPixelsPerPixel / binning) - top) / resolutionScale;
        double[] coefficients =
        [
            Attribute(intrinsic, path, "radialDistortion1"), Attribute(intrinsic, path, "radialDistortion2"),
            Attribute(intrinsic, path, "tangentalDistortion1"), Attribute(intrinsic, path, "tangentalDistortion2"),
        ];
        if (distortion == QualisysDistortion.Pose2Sim)
        {
            for (int i = 0; i < coefficients.Length; i++)
            {
                coefficients[i] = coefficients[i] / SubPixelsPerPixel / binning;
            }
        }

        XElement transform = camera.Element("transform") ?? throw Missing(camera, path, "transform");
        double T(string attribute) => Attribute(transform, path, attribute);

        // The transform's rotation read by columns (Pose2Sim: "by-column to by-line").
        var rq = new Matrix3d(T("r11"), T("r21"), T("r31"), T("r12"), T("r22"), T("r32"), T("r13"), T("r23"), T("r33"));
        var position = new Vector3d(T("x") / 1000, T("y") / 1000, T("z") / 1000);
        CheckRotation(rq, name, transform, path);

        // world_to_camera_persp: R = R_qᵀ, t = −R·T.
        Matrix3d r = rq.Transpose();
        Vector3d t = -(r * position);

        // rotate_cam(ang_x=π): [R'|t'] = Rx(π)·[R|t], with Rx built from cos/sin of π as Pose2Sim does.
        double c = Math.Cos(Math.PI), s = Math.Sin(Math.PI);
        var rx = new Matrix3d(1, 0, 0, 0, c, -s, 0, s, c);
        Matrix3d rotated = rx * r;
        Vector3d translated = rx * t;

        try
        {
            return new Camera(name, (int)Math.Round(width), (int)Math.Round(height), new Matrix3d(fx, 0, cx, 0, fy, cy, 0, 0, 1),
                LensDistortion.FromOpenCv(coefficients, isFisheye: false), Rodrigues.FromMatrix(rotated), translated);
        }
        catch (ArgumentException ex)
        {
            throw new CalibrationFormatException(path, Line(camera), 0, $"camera '{name}': {ex.Message}", ex);
        }
    }

    /// <summary>Refuses a transform that is not a rotation: Rodrigues of it would silently be some other rotation.</summary>
    private static void CheckRotation(Matrix3d r, string name, XElement transform, string path)
    {
        Matrix3d gram = r.Transpose() * r;
        double worst = Math.Max(Math.Max(Math.Abs(gram.M00 - 1), Math.Abs(gram.M11 - 1)), Math.Abs(gram.M22 - 1));
        worst = Math.Max(worst, Math.Max(Math.Max(Math.Abs(gram.M01), Math.Abs(gram.M02)), Math.Abs(gram.M12)));
        double det = (r.M00 * ((r.M11 * r.M22) - (r.M12 * r.M21))) - (r.M01 * ((r.M10 * r.M22) - (r.M12 * r.M20)))
                     + (r.M02 * ((r.M10 * r.M21) - (r.M11 * r.M20)));
        if (!(worst <= RotationTolerance) || !(Math.Abs(det - 1) <= RotationTolerance))
        {
            throw new CalibrationFormatException(path, Line(transform), 0, string.Create(CultureInfo.InvariantCulture,
                $"camera '{name}': <transform> r11..r33 is not a rotation (RᵀR differs from the identity by {worst:G3}, det {det:G6}); re-export the calibration from QTM"));
        }
    }

    private static double Attribute(XElement element, string path, string attribute)
    {
        string text = element.Attribute(attribute)?.Value ?? throw Missing(element, path, attribute);
        return Number(text, element, path, attribute);
    }

    private static double Number(string text, XElement element, string path, string attribute) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new CalibrationFormatException(path, Line(element), 0, $"<{element.Name}> attribute '{attribute}' = '{text}' is not a number");

    private static CalibrationFormatException Missing(XElement element, string path, string what) =>
        new(path, Line(element), 0, $"<{element.Name}> has no '{what}' (attribute or child element)");

    private static int Line(XElement element) => element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
