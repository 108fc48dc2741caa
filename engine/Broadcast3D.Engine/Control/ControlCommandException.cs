namespace Broadcast3D.Engine.Control;

/// <summary>A control command refused before it reached the channel: nothing was changed.</summary>
/// <param name="field">The request field at fault (its JSON name, e.g. <c>personId</c>).</param>
/// <param name="detail">What is wrong and what to do.</param>
/// <param name="notFound">True when the field names something that does not exist (an unknown athlete id).</param>
public sealed class ControlCommandException(string field, string detail, bool notFound = false) : Exception($"{field}: {detail}")
{
    /// <summary>The request field at fault.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong and what to do, without the field.</summary>
    public string Detail { get; } = detail;

    /// <summary>True when the field names something that does not exist.</summary>
    public bool NotFound { get; } = notFound;
}
