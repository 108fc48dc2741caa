namespace Broadcast3D.Calibration.Intrinsics;

/// <summary>The calibration target printed on the board.</summary>
public enum BoardKind
{
    /// <summary>A plain chessboard; every inner corner must be visible for a view to count.</summary>
    Chessboard,

    /// <summary>A ChArUco board (chessboard with ArUco markers in the white squares); partial views count.</summary>
    Charuco,
}
