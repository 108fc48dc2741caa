using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Broadcast3D.TestSupport;

/// <summary>
/// The one way a test skips. A test whose required component is missing (EGL device, NDI runtime, shared data)
/// skips on a developer machine but fails in CI (<c>CI=true</c>), so a CI without a GPU context can never look green.
/// A test of a path this machine cannot exercise (a failure path that needs the component to be absent) skips
/// everywhere: nothing is missing.
/// </summary>
public static class TestSkip
{
    /// <summary>True when the <c>CI</c> environment variable is "true" (GitHub Actions, GitLab and most CIs set it).</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (a failure under <c>CI=true</c>) because <paramref name="what"/> is missing here.</summary>
    [DoesNotReturn]
    public static void MissingComponent(string what)
    {
        if (InCi)
            Assert.Fail($"CI=true and a required component is missing: {what}");
        Assert.Ignore($"a required component is missing (a failure under CI=true): {what}");
        throw new UnreachableException();
    }

    /// <summary>Skips everywhere: <paramref name="why"/> says what this machine has that keeps the path from being exercised.</summary>
    [DoesNotReturn]
    public static void NotApplicable(string why)
    {
        Assert.Ignore(why);
        throw new UnreachableException();
    }
}
