using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// One ONNX model file opened once as an <see cref="InferenceSession"/> on the selected provider, after checking
/// that it has the inputs and outputs of <see cref="Signature"/>. Sessions are reused for every frame; running is
/// done through <see cref="BatchBinding"/>. Not thread-safe for concurrent runs of the same binding.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    /// <summary>Opens <paramref name="path"/>; throws <see cref="FileNotFoundException"/>, <see cref="InvalidDataException"/>
    /// (not a loadable ONNX file) or <see cref="ModelMismatchException"/> (wrong family) with the path in the message.</summary>
    public OnnxModel(string path, ModelSignature signature, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{signature.Family} model not found: {path} (set B3D_MODELS or pass the model's path)", path);
        Path = path;
        Signature = signature;
        _ = OnnxRuntimeEnvironment.Instance;
        using var sessionOptions = new SessionOptions
        {
            // Warnings only: old-exporter graphs list initializers as inputs and ORT logs each one at info level.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        Provider = ExecutionProviderSelector.Configure(sessionOptions, options);
        try
        {
            Session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path} is not a loadable ONNX model ({ex.Message})", ex);
        }
        try
        {
            Verify();
        }
        catch
        {
            Session.Dispose();
            throw;
        }
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>What the adapter relies on (checked at construction).</summary>
    public ModelSignature Signature { get; }

    /// <summary>The provider the session runs on and why.</summary>
    public ProviderChoice Provider { get; }

    /// <summary>The session, for callers that run it directly (benchmarks comparing against the bare API).</summary>
    public InferenceSession Session { get; }

    /// <summary>Largest batch the model accepts: the fixed first dimension of its first input, or int.MaxValue when dynamic.</summary>
    public int MaxBatch
    {
        get
        {
            int d = Session.InputMetadata[Signature.Inputs[0].Name].Dimensions[0];
            return d > 0 ? d : int.MaxValue;
        }
    }

    public void Dispose() => Session.Dispose();

    private void Verify()
    {
        var problems = new List<string>();
        IReadOnlyDictionary<string, NodeMetadata> inputs = Session.InputMetadata;
        IReadOnlyDictionary<string, NodeMetadata> outputs = Session.OutputMetadata;
        foreach (TensorSignature s in Signature.Inputs)
            Check(s, inputs, "input", problems);
        foreach (TensorSignature s in Signature.Outputs)
            Check(s, outputs, "output", problems);
        foreach (string name in inputs.Keys)
        {
            bool known = false;
            foreach (TensorSignature s in Signature.Inputs)
                known |= s.Name == name;
            if (!known)
                problems.Add($"unexpected input '{name}'");
        }
        if (problems.Count == 0)
            return;
        throw new ModelMismatchException(
            $"{Path} does not look like a {Signature.Family} model: {string.Join("; ", problems)}.\n" +
            $"  expected inputs: {string.Join(", ", Signature.Inputs)}; outputs: {string.Join(", ", Signature.Outputs)}\n" +
            $"  found inputs: {Describe(inputs)}; outputs: {Describe(outputs)}");
    }

    private static void Check(TensorSignature s, IReadOnlyDictionary<string, NodeMetadata> found, string kind, List<string> problems)
    {
        if (!found.TryGetValue(s.Name, out NodeMetadata? m))
            problems.Add($"no {kind} '{s.Name}'");
        else if (!m.IsTensor || !s.Accepts(m.ElementDataType, m.Dimensions))
            problems.Add($"{kind} '{s.Name}' is {Format(s.Name, m)}, needs {s}");
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors)
    {
        var parts = new List<string>();
        foreach (KeyValuePair<string, NodeMetadata> kv in tensors)
            parts.Add(Format(kv.Key, kv.Value));
        return string.Join(", ", parts);
    }

    private static string Format(string name, NodeMetadata m)
    {
        if (!m.IsTensor)
            return $"{name} (not a tensor)";
        var dims = new long[m.Dimensions.Length];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = m.Dimensions[i];
        return TensorSignature.Format(name, m.ElementDataType, dims);
    }

    /// <summary>Size in bytes of one element of a supported tensor type.</summary>
    internal static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 => 4,
        TensorElementType.Int64 => 8,
        _ => throw new NotSupportedException($"tensor element type {type} is not used by any adapter"),
    };
}
