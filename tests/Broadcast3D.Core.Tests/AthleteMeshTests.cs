using Broadcast3D.Core.Meshes;

namespace Broadcast3D.Core.Tests;

public class AthleteMeshTests
{
    [Test]
    public void Constructor_OneTriangle_CountsVerticesAndTriangles()
    {
        var mesh = new AthleteMesh(7, new float[9], new byte[12], [0, 1, 2]);
        Assert.That((mesh.PersonId, mesh.VertexCount, mesh.TriangleCount), Is.EqualTo((7, 3, 1)));
    }

    [Test]
    public void Constructor_ColoursShort_NamesColoursAndExpectedLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AthleteMesh(1, new float[9], new byte[9], [0, 1, 2]));
        Assert.That(ex!.Message, Does.Contain("colours").And.Contain("expected 12"));
    }

    [Test]
    public void Constructor_IndexOutOfRange_NamesTheIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AthleteMesh(1, new float[9], new byte[12], [0, 1, 3]));
        Assert.That(ex!.Message, Does.Contain("index 3"));
    }
}
