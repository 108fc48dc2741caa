using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// Pinned, reused input and output buffers for one <see cref="OnnxModel"/>, with one <see cref="OrtIoBinding"/> per
/// batch size (OrtValues over slices of the same memory, created the first time a size is used). After every batch
/// size has been seen once, <see cref="Run"/> allocates nothing, except for outputs whose size the graph decides
/// (a dimension after the batch is -1, e.g. the detections left after NMS inside RTMDet): ORT allocates those and
/// the binding keeps them until the next run. Not thread-safe: one binding per worker.
/// </summary>
public sealed class BatchBinding : IDisposable
{
    private readonly OnnxModel _model;
    private readonly TensorSignature[] _inputs;
    private readonly TensorSignature[] _outputs;
    private readonly byte[][] _inputMemory;
    private readonly byte[][] _outputMemory;
    private readonly Bound?[] _bySize;
    private readonly RunOptions _runOptions = new();
    private readonly bool[] _dynamic;
    private IDisposableReadOnlyCollection<OrtValue>? _dynamicResults;
    private int _lastBatch;

    /// <summary>
    /// Binds <paramref name="inputs"/> and <paramref name="outputs"/> (every dimension after the first concrete; the
    /// first is the batch) for up to <paramref name="capacity"/> items, clamped to the model's own batch limit.
    /// </summary>
    public BatchBinding(OnnxModel model, int capacity, IReadOnlyList<TensorSignature> inputs, IReadOnlyList<TensorSignature> outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _model = model;
        Capacity = Math.Min(capacity, model.MaxBatch);
        _inputs = [.. inputs];
        _outputs = [.. outputs];
        _dynamic = new bool[_outputs.Length];
        for (int i = 0; i < _outputs.Length; i++)
            _dynamic[i] = Array.IndexOf(_outputs[i].Shape, -1L, 1) > 0;
        _inputMemory = Allocate(_inputs, Capacity, new bool[_inputs.Length]);
        _outputMemory = Allocate(_outputs, Capacity, _dynamic);
        _bySize = new Bound?[Capacity + 1];
    }

    /// <summary>Most items one <see cref="Run"/> takes.</summary>
    public int Capacity { get; }

    /// <summary>The first <paramref name="batch"/> items of input <paramref name="index"/>, to be filled before <see cref="Run"/>.</summary>
    public Span<T> Input<T>(int index, int batch) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(_inputMemory[index].AsSpan()).Slice(0, checked((int)(_inputs[index].ElementsPerItem * batch)));

    /// <summary>Input <paramref name="index"/> of item <paramref name="item"/>.</summary>
    public Span<T> InputItem<T>(int index, int item) where T : unmanaged
    {
        int n = (int)_inputs[index].ElementsPerItem;
        return MemoryMarshal.Cast<byte, T>(_inputMemory[index].AsSpan()).Slice(item * n, n);
    }

    /// <summary>Output <paramref name="index"/> of item <paramref name="item"/>, valid after <see cref="Run"/> until the next run.</summary>
    public ReadOnlySpan<T> OutputItem<T>(int index, int item) where T : unmanaged
    {
        if (_dynamic[index])
        {
            ReadOnlySpan<T> all = _dynamicResults![index].GetTensorDataAsSpan<T>();
            int per = all.Length / _lastBatch;
            return all.Slice(item * per, per);
        }
        int n = (int)_outputs[index].ElementsPerItem;
        return MemoryMarshal.Cast<byte, T>(_outputMemory[index].AsSpan()).Slice(item * n, n);
    }

    /// <summary>Runs the model on the first <paramref name="batch"/> items; outputs land in the bound buffers.</summary>
    public void Run(int batch)
    {
        Bound b = For(batch);
        if (b.HasDynamicOutputs)
        {
            // A binding keeps the value ORT allocated last time and would demand the same shape again.
            _dynamicResults?.Dispose();
            _dynamicResults = null;
            for (int i = 0; i < _outputs.Length; i++)
            {
                if (_dynamic[i])
                    b.Binding.BindOutputToDevice(_outputs[i].Name, OrtMemoryInfo.DefaultInstance);
            }
        }
        _model.Session.RunWithBinding(_runOptions, b.Binding);
        _lastBatch = batch;
        if (b.HasDynamicOutputs)
            _dynamicResults = b.Binding.GetOutputValues();
    }

    /// <summary>The OrtValues bound for <paramref name="batch"/> items (for comparing with a bare <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>).</summary>
    public (IReadOnlyList<OrtValue> Inputs, IReadOnlyList<OrtValue?> Outputs) Values(int batch)
    {
        Bound b = For(batch);
        return (b.Inputs!, b.Outputs);
    }

    public void Dispose()
    {
        _dynamicResults?.Dispose();
        foreach (Bound? b in _bySize)
            b?.Dispose();
        _runOptions.Dispose();
    }

    private Bound For(int batch)
    {
        if (batch < 1 || batch > Capacity)
            throw new ArgumentOutOfRangeException(nameof(batch), $"batch {batch} outside 1..{Capacity} for {_model.Path}");
        return _bySize[batch] ??= new Bound(_model.Session, batch, _inputs, _inputMemory, _outputs, _outputMemory, _dynamic);
    }

    private static byte[][] Allocate(TensorSignature[] tensors, int capacity, bool[] dynamic)
    {
        var memory = new byte[tensors.Length][];
        for (int i = 0; i < tensors.Length; i++)
        {
            if (dynamic[i])
            {
                memory[i] = [];
                continue;
            }
            for (int d = 1; d < tensors[i].Shape.Length; d++)
            {
                if (tensors[i].Shape[d] < 1)
                    throw new ArgumentException($"{tensors[i]}: only the batch dimension may be dynamic in a binding");
            }
            long bytes = tensors[i].ElementsPerItem * capacity * OnnxModel.ElementSize(tensors[i].ElementType);
            // Pinned so ORT can read and write it in place for the whole life of the binding.
            memory[i] = GC.AllocateArray<byte>(checked((int)bytes), pinned: true);
        }
        return memory;
    }

    /// <summary>The OrtValues and binding of one batch size.</summary>
    private sealed class Bound : IDisposable
    {
        public Bound(InferenceSession session, int batch, TensorSignature[] inputs, byte[][] inputMemory,
            TensorSignature[] outputs, byte[][] outputMemory, bool[] dynamic)
        {
            Inputs = Create(batch, inputs, inputMemory, new bool[inputs.Length])!;
            Outputs = Create(batch, outputs, outputMemory, dynamic);
            Binding = session.CreateIoBinding();
            for (int i = 0; i < inputs.Length; i++)
                Binding.BindInput(inputs[i].Name, Inputs[i]);
            for (int i = 0; i < outputs.Length; i++)
            {
                if (dynamic[i])
                {
                    Binding.BindOutputToDevice(outputs[i].Name, OrtMemoryInfo.DefaultInstance);
                    HasDynamicOutputs = true;
                }
                else
                {
                    Binding.BindOutput(outputs[i].Name, Outputs[i]!);
                }
            }
        }

        public bool HasDynamicOutputs { get; }

        public OrtValue[] Inputs { get; }

        /// <summary>Null where the output is dynamic (allocated by ORT per run).</summary>
        public OrtValue?[] Outputs { get; }

        public OrtIoBinding Binding { get; }

        public void Dispose()
        {
            Binding.Dispose();
            foreach (OrtValue v in Inputs)
                v.Dispose();
            foreach (OrtValue? v in Outputs)
                v?.Dispose();
        }

        private static unsafe OrtValue?[] Create(int batch, TensorSignature[] tensors, byte[][] memory, bool[] dynamic)
        {
            var values = new OrtValue?[tensors.Length];
            for (int i = 0; i < tensors.Length; i++)
            {
                if (dynamic[i])
                    continue;
                long[] shape = [.. tensors[i].Shape];
                shape[0] = batch;
                long bytes = tensors[i].ElementsPerItem * batch * OnnxModel.ElementSize(tensors[i].ElementType);
                fixed (byte* p = memory[i])
                {
                    values[i] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, tensors[i].ElementType, shape, (IntPtr)p, bytes);
                }
            }
            return values;
        }
    }
}
