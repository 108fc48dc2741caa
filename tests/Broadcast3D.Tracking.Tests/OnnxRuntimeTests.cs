using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Tracking.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Tests;

public class OnnxRuntimeTests
{
    [Test]
    public void InferenceSession_HandBuiltConvAddRelu_MatchesManagedReference()
    {
        const int h = 5, w = 6;
        var rng = new Random(7);
        float[] weights = [.. Enumerable.Range(0, 18).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
        float[] bias = [0.25f, -0.5f];
        float[] x = [.. Enumerable.Range(0, h * w).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
        byte[] model = TinyOnnxModel.ConvAddRelu(h, w, weights, bias);

        using var options = new SessionOptions();
        ExecutionProviderSelector.Configure(options, new InferenceOptions(ExecutionProvider.Cpu, IntraOpThreads: 1));
        _ = OnnxRuntimeEnvironment.Instance;
        using var session = new InferenceSession(model, options);
        var y = new float[2 * h * w];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [1, 1, h, w]);
        using var output = OrtValue.CreateTensorValueFromMemory(y, [1, 2, h, w]);
        session.Run(null, ["X"], [input], ["Y"], [output]);

        int negatives = 0, positives = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double acc = bias[c];
                    for (int ki = 0; ki < 3; ki++)
                    {
                        for (int kj = 0; kj < 3; kj++)
                        {
                            int ii = i + ki - 1, jj = j + kj - 1;
                            if (ii >= 0 && ii < h && jj >= 0 && jj < w)
                                acc += weights[c * 9 + ki * 3 + kj] * x[ii * w + jj];
                        }
                    }
                    if (acc < 0)
                        negatives++;
                    else
                        positives++;
                    Assert.That(y[(c * h + i) * w + j], Is.EqualTo(Math.Max(acc, 0)).Within(1e-5), $"channel {c} at ({i},{j})");
                }
            }
        }
        // The data must exercise both sides of the Relu, or the check above proves little.
        Assert.That(negatives, Is.GreaterThan(0));
        Assert.That(positives, Is.GreaterThan(0));
    }

    [Test]
    public void Configure_AutoWithoutGpu_FallsBackToCpuAndSaysWhy()
    {
        using var options = new SessionOptions();
        ProviderChoice choice = ExecutionProviderSelector.Configure(options, new InferenceOptions(IntraOpThreads: 2));
        ProviderAvailability cuda = ExecutionProviderSelector.ProbeAll().Single(p => p.Provider == ExecutionProvider.Cuda);
        if (cuda.Usable)
        {
            Assert.That(choice.Provider, Is.Not.EqualTo(ExecutionProvider.Cpu), "a usable GPU must be chosen by Auto");
            return;
        }
        Assert.That(choice.Provider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(choice.Reason, Does.Contain("2 threads").And.Contain("CUDA not usable: "));
        Assert.That(cuda.Reason, Is.Not.Empty);
    }

    [Test]
    public void Configure_ExplicitCudaWhenUnusable_ThrowsWithReason()
    {
        ProviderAvailability cuda = ExecutionProviderSelector.ProbeAll().Single(p => p.Provider == ExecutionProvider.Cuda);
        if (cuda.Usable)
            Broadcast3D.TestSupport.TestSkip.NotApplicable("this machine has a usable CUDA provider: the refusal cannot be observed");
        using var options = new SessionOptions();
        var ex = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            ExecutionProviderSelector.Configure(options, new InferenceOptions(ExecutionProvider.Cuda)));
        Assert.That(ex!.Message, Does.Contain(cuda.Reason));
    }

    [Test]
    public void OnnxRuntimeCheck_Run_ReportsVersionProvidersAndSelection()
    {
        IReadOnlyList<DiagnosticItem> items = new OnnxRuntimeCheck().Run();
        DiagnosticItem library = items.Single(i => i.Name == "library");
        Assert.That(library.Status, Is.EqualTo(DiagnosticStatus.Ok));
        Assert.That(library.Detail, Does.StartWith("1."));
        Assert.That(items.Select(i => i.Name), Is.SupersetOf(new[] { "providers", "cpu", "cuda", "tensorrt", "selected" }));
        Assert.That(items.Single(i => i.Name == "providers").Detail, Does.Contain("CPUExecutionProvider"));
    }
}
