namespace Broadcast3D.Engine.Privacy;

/// <summary>A file retention deletes: its full path, size in bytes and last write time (UTC).</summary>
public sealed record ExpiredFile(string Path, long Bytes, DateTimeOffset LastWriteUtc);
