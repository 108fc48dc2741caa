using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// One input or output a model adapter relies on: its name, element type and shape, where -1 marks a dimension
/// the adapter accepts at any size (dynamic batch) and a model's symbolic dimension matches any expected value.
/// </summary>
public sealed record TensorSignature(string Name, TensorElementType ElementType, long[] Shape)
{
    /// <summary>Whether a model tensor of <paramref name="type"/> and <paramref name="dims"/> (-1 = symbolic) fits.</summary>
    public bool Accepts(TensorElementType type, IReadOnlyList<int> dims)
    {
        if (type != ElementType || dims.Count != Shape.Length)
            return false;
        for (int i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] >= 0 && dims[i] >= 0 && dims[i] != Shape[i])
                return false;
        }
        return true;
    }

    /// <summary>Elements of one batch item: the product of every dimension after the first.</summary>
    public long ElementsPerItem
    {
        get
        {
            long n = 1;
            for (int i = 1; i < Shape.Length; i++)
                n *= Shape[i];
            return n;
        }
    }

    public override string ToString() => Format(Name, ElementType, Shape);

    /// <summary>"name float32[N,3,320,320]" with dynamic dimensions shown as N (batch) or ?.</summary>
    public static string Format(string name, TensorElementType type, IReadOnlyList<long> shape)
    {
        var dims = new string[shape.Count];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = shape[i] >= 0 ? shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : i == 0 ? "N" : "?";
        return $"{name} {type.ToString().ToLowerInvariant()}[{string.Join(',', dims)}]";
    }
}
