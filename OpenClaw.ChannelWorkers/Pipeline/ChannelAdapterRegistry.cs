namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>The adapters of the channel this worker serves, one per configured account.</summary>
internal sealed class ChannelAdapterRegistry
{
    private readonly Dictionary<string, IChannelAdapter> _byAccount;

    public ChannelAdapterRegistry(IEnumerable<IChannelAdapter> adapters)
    {
        Adapters = [.. adapters];
        _byAccount = Adapters.ToDictionary(a => a.AccountId, StringComparer.Ordinal);
    }

    public IReadOnlyList<IChannelAdapter> Adapters { get; }

    public IChannelAdapter? Find(string accountId) =>
        _byAccount.GetValueOrDefault(accountId)
        ?? (Adapters.Count == 1 && accountId == ChannelAccount.DefaultAccountId ? Adapters[0] : null);
}
