namespace Broadcast3D.Tracking.Pose2D;

/// <summary>Sorting and greedy non-maximum suppression on box lists, in place and allocation-free.</summary>
public static class BoxOps
{
    private static readonly Comparison<PersonBox> ByScoreDescending = (a, b) => b.Score.CompareTo(a.Score);

    /// <summary>Sorts best score first.</summary>
    public static void SortByScore(List<PersonBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        boxes.Sort(ByScoreDescending);
    }

    /// <summary>
    /// Greedy NMS: sorts <paramref name="boxes"/> best first and removes every box overlapping a better kept one by
    /// more than <paramref name="iouThreshold"/>; keeps at most <paramref name="maxKept"/>.
    /// </summary>
    public static void Suppress(List<PersonBox> boxes, float iouThreshold, int maxKept)
    {
        SortByScore(boxes);
        int kept = 0;
        for (int i = 0; i < boxes.Count && kept < maxKept; i++)
        {
            PersonBox candidate = boxes[i];
            bool overlaps = false;
            for (int j = 0; j < kept && !overlaps; j++)
                overlaps = boxes[j].IoU(candidate) > iouThreshold;
            if (!overlaps)
                boxes[kept++] = candidate;
        }
        boxes.RemoveRange(kept, boxes.Count - kept);
    }
}
