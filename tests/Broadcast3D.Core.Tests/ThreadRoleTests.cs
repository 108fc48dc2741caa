using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

// Assert() is [Conditional("DEBUG")]: these tests run in Release, where calls to it are compiled out, so they check
// the unconditional core (IsOwner, Verify) that Assert forwards to in debug builds.
public class ThreadRoleTests
{
    [Test]
    public void IsOwner_ClaimedOnThisThread_IsTrue()
    {
        var role = new ThreadRole("channel");
        role.Claim();
        Assert.That((role.IsOwner, role.OwnerThreadId), Is.EqualTo((true, Environment.CurrentManagedThreadId)));
        Assert.DoesNotThrow(role.Verify);
    }

    [Test]
    public void Verify_Unclaimed_ThrowsNamingRoleAndCaller()
    {
        var role = new ThreadRole("ingest");
        var ex = Assert.Throws<InvalidOperationException>(role.Verify);
        Assert.That(ex!.Message, Does.Contain("ingest role has no thread yet").And.Contain(Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(role.IsOwner, Is.False);
    }

    [Test]
    public void Verify_FromAnotherThread_ThrowsNamingRoleOwnerAndCaller()
    {
        var role = new ThreadRole("tracking");
        int owner = 0;
        var thread = new Thread(() =>
        {
            owner = Environment.CurrentManagedThreadId;
            role.Claim();
        }) { Name = "tracking" };
        thread.Start();
        thread.Join();

        var ex = Assert.Throws<InvalidOperationException>(role.Verify);
        string caller = Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ex!.Message, Does.Contain($"tracking role is owned by thread {owner} 'tracking'").And.Contain($"not {caller}"));
        Assert.That(role.IsOwner, Is.False);
    }

    [Test]
    public void Claim_FromSecondThread_TakesTheRoleOver()
    {
        var role = new ThreadRole("sink ndi:Programme");
        role.Claim();
        var thread = new Thread(role.Claim);
        thread.Start();
        thread.Join();

        Assert.That(role.IsOwner, Is.False, "the restarted thread owns the role now");
        Assert.Throws<InvalidOperationException>(role.Verify);
    }

    [Test]
    public void Release_ByOwner_LeavesTheRoleUnclaimed()
    {
        var role = new ThreadRole("channel");
        role.Claim();
        role.Release();
        Assert.That(role.OwnerThreadId, Is.Zero);
        Assert.That(role.ToString(), Is.EqualTo("channel (unclaimed)"));
    }

    [Test]
    public void Release_ByAnotherThread_Throws()
    {
        var role = new ThreadRole("channel");
        var thread = new Thread(role.Claim);
        thread.Start();
        thread.Join();
        Assert.Throws<InvalidOperationException>(role.Release);
    }

    [Test]
    public void Constructor_EmptyName_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new ThreadRole(" "));
}
