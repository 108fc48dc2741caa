using System.Globalization;

namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>
/// A calibration board, parsed from the command-line spec <c>chessboard:COLSxROWS:SQUARE_MM</c> (COLS × ROWS inner
/// corners, as OpenCV's <c>findChessboardCorners</c> counts them) or <c>charuco:COLSxROWS:SQUARE_MM:MARKER_MM:DICT</c>
/// (COLS × ROWS squares, as OpenCV's <c>CharucoBoard</c> counts them; DICT an OpenCV predefined dictionary such as
/// <c>DICT_4X4_50</c>). Lengths in millimetres. Immutable.
/// </summary>
public sealed record BoardSpec(BoardKind Kind, int Columns, int Rows, double SquareMm, double MarkerMm, string Dictionary)
{
    /// <summary>The spec forms, for error messages and help text.</summary>
    public const string Syntax = "chessboard:COLSxROWS:SQUARE_MM (inner corners) or charuco:COLSxROWS:SQUARE_MM:MARKER_MM:DICT (squares, e.g. charuco:7x5:40:30:DICT_4X4_50)";

    /// <summary>Number of corners the board has (inner corners of the chessboard or of the ChArUco squares).</summary>
    public int CornerCount => Kind == BoardKind.Chessboard ? Columns * Rows : (Columns - 1) * (Rows - 1);

    /// <summary>Corner columns (inner corners along the board's width).</summary>
    public int CornerColumns => Kind == BoardKind.Chessboard ? Columns : Columns - 1;

    /// <summary>Corner rows.</summary>
    public int CornerRows => Kind == BoardKind.Chessboard ? Rows : Rows - 1;

    /// <summary>Parses a board spec.</summary>
    /// <exception cref="FormatException">The spec does not follow <see cref="Syntax"/>; the message says which part.</exception>
    public static BoardSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] parts = spec.Split(':');
        string kind = parts[0].ToLowerInvariant();
        if (kind is not ("chessboard" or "charuco"))
        {
            throw new FormatException($"board '{spec}': unknown kind '{parts[0]}'; give {Syntax}");
        }

        int expected = kind == "chessboard" ? 3 : 5;
        if (parts.Length != expected)
        {
            throw new FormatException($"board '{spec}': {kind} takes {expected - 1} fields after the kind, got {parts.Length - 1}; give {Syntax}");
        }

        string[] size = parts[1].ToLowerInvariant().Split('x');
        if (size.Length != 2 || !int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out int columns)
            || !int.TryParse(size[1], NumberStyles.None, CultureInfo.InvariantCulture, out int rows))
        {
            throw new FormatException($"board '{spec}': size '{parts[1]}' must be COLSxROWS, e.g. 4x7");
        }

        int least = kind == "chessboard" ? 2 : 3;
        if (columns < least || rows < least)
        {
            throw new FormatException($"board '{spec}': {columns}x{rows} is too small; a {kind} needs at least {least}x{least} {(kind == "chessboard" ? "inner corners" : "squares")}");
        }

        double square = Length(spec, parts[2], "square size");
        if (kind == "chessboard")
        {
            return new BoardSpec(BoardKind.Chessboard, columns, rows, square, 0, string.Empty);
        }

        double marker = Length(spec, parts[3], "marker size");
        if (marker >= square)
        {
            throw new FormatException($"board '{spec}': the marker ({marker} mm) must be smaller than the square ({square} mm)");
        }

        string dictionary = parts[4].ToUpperInvariant();
        if (ArucoDictionary(dictionary) is null)
        {
            throw new FormatException($"board '{spec}': unknown ArUco dictionary '{parts[4]}'; give an OpenCV name such as DICT_4X4_50, DICT_5X5_100 or DICT_6X6_250");
        }

        return new BoardSpec(BoardKind.Charuco, columns, rows, square, marker, dictionary);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind == BoardKind.Chessboard
        ? string.Create(CultureInfo.InvariantCulture, $"chessboard:{Columns}x{Rows}:{SquareMm}")
        : string.Create(CultureInfo.InvariantCulture, $"charuco:{Columns}x{Rows}:{SquareMm}:{MarkerMm}:{Dictionary}");

    /// <summary>OpenCV's dictionary for an OpenCV name (<c>DICT_4X4_50</c>), or null when there is none.</summary>
    internal static OpenCvSharp.Aruco.PredefinedDictionaryType? ArucoDictionary(string name)
    {
        // OpenCvSharp spells DICT_4X4_50 as Dict4X4_50 and DICT_APRILTAG_36H11 as DictAprilTag_36h11.
        string suffix = name.StartsWith("DICT_", StringComparison.OrdinalIgnoreCase) ? name[5..] : name;
        return Enum.TryParse("Dict" + suffix, ignoreCase: true, out OpenCvSharp.Aruco.PredefinedDictionaryType value) && !int.TryParse(suffix, out _)
            ? value
            : null;
    }

    private static double Length(string spec, string text, string what)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double mm) || !double.IsFinite(mm) || mm <= 0)
        {
            throw new FormatException($"board '{spec}': {what} '{text}' must be a positive length in millimetres");
        }

        return mm;
    }
}
