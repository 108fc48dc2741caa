namespace Broadcast3D.Tracking.Inference;

/// <summary>The inputs and outputs a model family's adapter needs; checked when the model file is opened.</summary>
/// <param name="Family">Family name shown in errors ("rtmdet", "blazepose", ...).</param>
/// <param name="Inputs">Every input the adapter feeds (the model must need no other).</param>
/// <param name="Outputs">The outputs the adapter reads (the model may have more).</param>
public sealed record ModelSignature(string Family, IReadOnlyList<TensorSignature> Inputs, IReadOnlyList<TensorSignature> Outputs);
