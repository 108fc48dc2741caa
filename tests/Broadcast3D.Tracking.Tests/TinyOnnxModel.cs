using System.Text;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Writes a minimal ONNX ModelProto (protobuf wire format, by field number from onnx.proto3) for a
/// Conv(1→2 channels, 3×3, pad 1) → Add(per-channel bias) → Relu graph on a [1,1,H,W] float input.
/// Built in the test so the inference route is checked without any downloaded model.
/// </summary>
internal static class TinyOnnxModel
{
    private const int FloatType = 1;      // TensorProto.DataType.FLOAT
    private const int AttributeInts = 7;  // AttributeProto.AttributeType.INTS

    public static byte[] ConvAddRelu(int height, int width, float[] weights, float[] bias)
    {
        var graph = new List<byte>();
        graph.AddRange(Field(1, Node("Conv", ["X", "W"], ["C"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1))));
        graph.AddRange(Field(1, Node("Add", ["C", "B"], ["A"])));
        graph.AddRange(Field(1, Node("Relu", ["A"], ["Y"])));
        graph.AddRange(Field(2, Encoding.UTF8.GetBytes("conv_add_relu")));
        graph.AddRange(Field(5, Tensor("W", [2, 1, 3, 3], weights)));
        graph.AddRange(Field(5, Tensor("B", [1, 2, 1, 1], bias)));
        graph.AddRange(Field(11, ValueInfo("X", [1, 1, height, width])));
        graph.AddRange(Field(12, ValueInfo("Y", [1, 2, height, width])));

        var model = new List<byte>();
        model.AddRange(Varint(1, 8)); // ir_version 8 (ONNX 1.10+)
        model.AddRange(Field(7, graph));
        model.AddRange(Field(8, [.. Field(1, []), .. Varint(2, 13)])); // default domain, opset 13
        return [.. model];
    }

    private static byte[] Node(string op, string[] inputs, string[] outputs, params byte[][] attributes)
    {
        var b = new List<byte>();
        foreach (string i in inputs)
            b.AddRange(Field(1, Encoding.UTF8.GetBytes(i)));
        foreach (string o in outputs)
            b.AddRange(Field(2, Encoding.UTF8.GetBytes(o)));
        b.AddRange(Field(4, Encoding.UTF8.GetBytes(op)));
        foreach (byte[] a in attributes)
            b.AddRange(Field(5, a));
        return [.. b];
    }

    private static byte[] Ints(string name, params long[] values)
    {
        var b = new List<byte>(Field(1, Encoding.UTF8.GetBytes(name)));
        foreach (long v in values)
            b.AddRange(Varint(8, (ulong)v));
        b.AddRange(Varint(20, AttributeInts));
        return [.. b];
    }

    private static byte[] Tensor(string name, long[] dims, float[] data)
    {
        var b = new List<byte>();
        foreach (long d in dims)
            b.AddRange(Varint(1, (ulong)d));
        b.AddRange(Varint(2, FloatType));
        b.AddRange(Field(8, Encoding.UTF8.GetBytes(name)));
        var raw = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, raw, 0, raw.Length); // raw_data is little-endian, as is x64
        b.AddRange(Field(9, raw));
        return [.. b];
    }

    private static byte[] ValueInfo(string name, long[] dims)
    {
        var shape = new List<byte>();
        foreach (long d in dims)
            shape.AddRange(Field(1, Varint(1, (ulong)d)));
        byte[] tensorType = [.. Varint(1, FloatType), .. Field(2, shape)];
        return [.. Field(1, Encoding.UTF8.GetBytes(name)), .. Field(2, Field(1, tensorType))];
    }

    private static byte[] Field(int number, IReadOnlyCollection<byte> payload) =>
        [.. Key(number, 2), .. Raw((ulong)payload.Count), .. payload];

    private static byte[] Varint(int number, ulong value) => [.. Key(number, 0), .. Raw(value)];

    private static byte[] Key(int number, int wireType) => Raw((ulong)((number << 3) | wireType));

    private static byte[] Raw(ulong value)
    {
        var b = new List<byte>();
        do
        {
            byte low = (byte)(value & 0x7F);
            value >>= 7;
            b.Add(value != 0 ? (byte)(low | 0x80) : low);
        }
        while (value != 0);
        return [.. b];
    }
}
