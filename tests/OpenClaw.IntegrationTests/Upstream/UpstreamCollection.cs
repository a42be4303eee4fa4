namespace OpenClaw.IntegrationTests.Upstream;

/// <summary>The upstream tests start Node processes of ~800 MB each: run them one after another, not in parallel.</summary>
[CollectionDefinition("upstream", DisableParallelization = true)]
public sealed class UpstreamCollection;
