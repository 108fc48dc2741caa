using Broadcast3D.Core.Frames;

namespace Broadcast3D.Core.Tests;

/// <summary>The reference counting and pooling contract of <see cref="Picture"/> and <see cref="PicturePool"/>.</summary>
public sealed class PictureTests
{
    [Test]
    public void Release_LastReference_ReturnsPictureToPool()
    {
        var pool = new PicturePool(PixelLayout.Yuv420P, 8, 4, capacity: 1);
        Assert.That(pool.TryRent(out Picture picture), Is.True);
        Assert.That(pool.Available, Is.Zero);
        picture.Retain();
        picture.Release();
        Assert.That(pool.Available, Is.Zero, "one owner still holds it");
        picture.Release();
        Assert.That(pool.Available, Is.EqualTo(1));
        Assert.That(picture.References, Is.Zero);
    }

    [Test]
    public void Retain_AfterReturnToPool_Throws()
    {
        var pool = new PicturePool(PixelLayout.Uyvy, 8, 4, capacity: 1);
        pool.TryRent(out Picture picture);
        picture.Release();
        Assert.Throws<InvalidOperationException>(picture.Retain);
        Assert.Throws<InvalidOperationException>(picture.Release);
        Assert.That(pool.Available, Is.EqualTo(1), "the failed release did not return it twice");
    }

    [Test]
    public void Writable_WithTwoReferences_Throws()
    {
        var pool = new PicturePool(PixelLayout.Rgba8, 4, 4, capacity: 1);
        pool.TryRent(out Picture picture);
        Assert.That(picture.Writable.Length, Is.EqualTo(64));
        picture.Retain();
        var ex = Assert.Throws<InvalidOperationException>(() => _ = picture.Writable.Length);
        Assert.That(ex!.Message, Does.Contain("2 references"));
    }

    [Test]
    public void TryRent_AllHeld_ReturnsFalseUntilOneIsReleased()
    {
        var pool = new PicturePool(PixelLayout.Yuv420P, 8, 4, capacity: 2);
        Assert.That(pool.TryRent(out Picture a), Is.True);
        Assert.That(pool.TryRent(out Picture _), Is.True);
        Assert.That(pool.TryRent(out Picture _), Is.False);
        a.Release();
        Assert.That(pool.TryRent(out Picture again), Is.True);
        Assert.That(again, Is.SameAs(a));
        Assert.That(pool.Rented, Is.EqualTo(3));
    }

    [Test]
    public void Fill_CountsOneFullFrameCopyAndKeepsThePlanes()
    {
        var pool = new PicturePool(PixelLayout.Yuv420P, 8, 4, capacity: 1);
        pool.TryRent(out Picture picture);
        byte[] source = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        picture.Fill(source);
        Assert.That(pool.FullFrameCopies, Is.EqualTo(1));
        Assert.That(picture.Plane(0).ToArray(), Is.EqualTo(source[..32]));
        Assert.That(picture.Plane(1).ToArray(), Is.EqualTo(source[32..40]));
        Assert.That(picture.Plane(2).ToArray(), Is.EqualTo(source[40..]));
        Assert.That(picture.Stride(1), Is.EqualTo(4));
        pool.CountCopy();
        Assert.That(pool.FullFrameCopies, Is.EqualTo(2));
    }

    [Test]
    public void Fill_WrongLength_ThrowsNamingBothSizes()
    {
        var pool = new PicturePool(PixelLayout.Uyvy, 8, 4, capacity: 1);
        pool.TryRent(out Picture picture);
        var ex = Assert.Throws<ArgumentException>(() => picture.Fill(new byte[10]));
        Assert.That(ex!.Message, Does.Contain("64 bytes").And.Contain("10"));
        Assert.That(pool.FullFrameCopies, Is.Zero);
    }

    [Test]
    public void Constructor_OddSizedYuv_ThrowsNamingTheSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PicturePool(PixelLayout.Yuv420P, 7, 4, 1));
        Assert.That(ex!.Message, Does.Contain("7×4"));
    }
}
