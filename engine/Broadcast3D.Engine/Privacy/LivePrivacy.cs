using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Data protection of one <c>b3d run</c>: the consent registry whose links the blur reads (channel thread) and the
/// operator changes (control API), the blur mode, and the audit log. Thread-safe (the registry and the log are).
/// </summary>
public sealed class LivePrivacy
{
    /// <summary>Privacy with <paramref name="registry"/>, <paramref name="blur"/> and the log at <paramref name="auditLogPath"/>.</summary>
    public LivePrivacy(ConsentRegistry registry, BlurMode blur, string auditLogPath)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        Blur = blur;
        Audit = new AuditLog(auditLogPath);
    }

    /// <summary>Identities and the links of tracks to them.</summary>
    public ConsentRegistry Registry { get; }

    /// <summary>Who is blurred on the picture outputs.</summary>
    public BlurMode Blur { get; }

    /// <summary>Where personal-data reads and exports are logged.</summary>
    public AuditLog Audit { get; }

    /// <summary>
    /// Applies the registry's rules to the people of one programme picture (world metres, Z up; channel thread only):
    /// zones by each person's floor position (the mean of their joints' X and Y), and the <c>main</c> rule to the
    /// lowest track id present while no track holds it (live, the person tracked from the start). Allocates nothing
    /// once the buffers have grown to the most people seen.
    /// </summary>
    public void ApplyRules(Scene.SkeletonSet people)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (people.Count == 0 || Registry.Identities.Count == 0)
            return;
        if (_ids.Length < people.Count)
        {
            _ids = new int[people.Count];
            _floor = new double[2 * people.Count];
        }
        int lowest = int.MaxValue;
        for (int p = 0; p < people.Count; p++)
        {
            _ids[p] = people.PersonIds[p];
            lowest = Math.Min(lowest, _ids[p]);
            ReadOnlySpan<float> joints = people.PersonJoints(p);
            double x = 0, y = 0;
            int n = 0;
            for (int j = 0; j + 2 < joints.Length; j += 3)
            {
                if (float.IsNaN(joints[j]))
                    continue;
                x += joints[j];
                y += joints[j + 1];
                n++;
            }
            // A person with no joint is placed nowhere (NaN is inside no zone).
            _floor[2 * p] = n == 0 ? double.NaN : x / n;
            _floor[(2 * p) + 1] = n == 0 ? double.NaN : y / n;
        }
        Registry.ApplyZones(_ids.AsSpan(0, people.Count), _floor.AsSpan(0, 2 * people.Count));
        if (!_mainLinked)
        {
            Registry.LinkMain(lowest);
            _mainLinked = true;
        }
    }

    private int[] _ids = [];
    private double[] _floor = [];
    private bool _mainLinked;

    /// <summary>From the configuration's <c>privacy</c> section (reads the registry).</summary>
    /// <exception cref="ConfigException">The registry is invalid or missing (names the file and the field).</exception>
    public static LivePrivacy From(PrivacyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConsentRegistry registry = config.ConsentPath is { } path ? ConsentRegistry.Load(path) : ConsentRegistry.Empty();
        return new LivePrivacy(registry, config.Blur, config.AuditLogPath);
    }
}
