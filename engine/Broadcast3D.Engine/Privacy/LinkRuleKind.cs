namespace Broadcast3D.Engine.Privacy;

/// <summary>The kinds of <see cref="LinkRule"/>.</summary>
public enum LinkRuleKind
{
    /// <summary>The person tracked in the most frame sets (a trial's athlete; <c>b3d demo</c>).</summary>
    Main,

    /// <summary>The only person standing inside a floor rectangle.</summary>
    Zone,
}
