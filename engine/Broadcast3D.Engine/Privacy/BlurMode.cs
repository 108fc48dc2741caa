namespace Broadcast3D.Engine.Privacy;

/// <summary>Who is blurred on the picture outputs (<c>privacy.blur</c>).</summary>
public enum BlurMode
{
    /// <summary>
    /// The default: everyone detected who is not linked to an identity that consented to broadcast — bystanders,
    /// people not yet linked, and linked people without the consent.
    /// </summary>
    Untracked,

    /// <summary>Only people linked to an identity that did not consent to broadcast; unlinked people stay sharp.</summary>
    Unconsented,

    /// <summary>Nobody: pictures are exactly as without privacy (byte-identical).</summary>
    None,
}
