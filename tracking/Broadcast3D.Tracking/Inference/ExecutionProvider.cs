namespace Broadcast3D.Tracking.Inference;

/// <summary>The ONNX Runtime execution provider a session runs on.</summary>
public enum ExecutionProvider
{
    /// <summary>Let the selector pick: TensorRT, then CUDA, then CPU, the first one usable.</summary>
    Auto,
    /// <summary>CPU (always present).</summary>
    Cpu,
    /// <summary>NVIDIA CUDA (needs the CUDA provider library, CUDA 13, cuBLAS 13, cuDNN 9 and a driver).</summary>
    Cuda,
    /// <summary>NVIDIA TensorRT (the CUDA requirements plus TensorRT 10).</summary>
    TensorRt,
}
