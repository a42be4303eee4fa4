namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>Tests that measure the test process's own memory: xunit runs this collection after the others, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurements";
}
