using Broadcast3D.TestSupport;

namespace Broadcast3D.Ndi.Tests;

public sealed class NdiRuntimeTests
{
    [Test]
    public void Load_CachedRuntimeFolder_ReportsVersionAndPath()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();

        Assert.That(runtime.Version, Does.Contain("5.5.2"));
        Assert.That(runtime.LibraryPath, Is.EqualTo(Path.Combine(NdiTestRuntime.LibraryDirectory, "libndi.so.5")));
    }

    [Test]
    public void Load_SameFolderTwice_ReturnsSameInstance()
    {
        NdiRuntime first = NdiTestRuntime.Load();
        NdiRuntime second = NdiTestRuntime.Load();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void Probe_EmptyFolderAndNoDefaultSearch_SaysNotInstalledAndListsPlaces()
    {
        using var empty = new TempFolder("b3d-ndi-empty");

        NdiRuntimeProbe probe = NdiRuntime.Probe(new NdiRuntimeOptions
        {
            SearchDirectories = [empty.Path],
            UseEnvironment = false,
            UseDefaultSearch = false,
        });

        Assert.That(probe.IsAvailable, Is.False);
        Assert.That(probe.Message, Does.StartWith("NDI runtime not installed: get it from ndi.video (looked in: "));
        Assert.That(probe.LookedIn, Is.EqualTo(new[] { empty.File("libndi.so.6"), empty.File("libndi.so.5") }));
        Assert.That(probe.Message, Does.Contain(empty.File("libndi.so.5")));
    }

    [Test]
    public void Load_EmptyFolderAndNoDefaultSearch_ThrowsNotInstalled()
    {
        using var empty = new TempFolder("b3d-ndi-empty");
        var options = new NdiRuntimeOptions { SearchDirectories = [empty.Path], UseEnvironment = false, UseDefaultSearch = false };

        var ex = Assert.Throws<NdiRuntimeNotInstalledException>(() => NdiRuntime.Load(options));

        Assert.That(ex!.Message, Does.Contain("get it from ndi.video").And.Contain(empty.Path));
    }

    [Test]
    public void Probe_FileThatIsNotALibrary_ReportsLoaderReasonAndGoesOn()
    {
        using var folder = new TempFolder("b3d-ndi-bogus");
        File.WriteAllText(folder.File("libndi.so.6"), "not an ELF file");

        NdiRuntimeProbe probe = NdiRuntime.Probe(new NdiRuntimeOptions
        {
            SearchDirectories = [folder.Path, NdiTestRuntime.LibraryDirectory],
            UseEnvironment = false,
            UseDefaultSearch = false,
        });

        Assert.That(probe.IsAvailable, Is.True, probe.Message);
        Assert.That(probe.LookedIn[0], Does.StartWith(folder.File("libndi.so.6") + " (failed to load: "));
    }

    [Test]
    [NonParallelizable]
    public void Probe_RuntimeDirV5Environment_LoadsFromThatFolder()
    {
        string? before = Environment.GetEnvironmentVariable("NDI_RUNTIME_DIR_V5");
        Environment.SetEnvironmentVariable("NDI_RUNTIME_DIR_V5", NdiTestRuntime.LibraryDirectory);
        try
        {
            NdiRuntimeProbe probe = NdiRuntime.Probe(new NdiRuntimeOptions { UseDefaultSearch = false });

            Assert.That(probe.Runtime?.LibraryPath, Is.EqualTo(Path.Combine(NdiTestRuntime.LibraryDirectory, "libndi.so.5")), probe.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NDI_RUNTIME_DIR_V5", before);
        }
    }
}
