namespace Broadcast3D.Ndi;

/// <summary>Tally as receivers report it: whether any receiver shows the source on programme or preview.</summary>
public readonly record struct NdiTally(bool OnProgram, bool OnPreview);
