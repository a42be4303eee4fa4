using Microsoft.Extensions.Configuration;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// One configured account of a channel: <c>channels.&lt;name&gt;</c> settings with
/// <c>channels.&lt;name&gt;.accounts.&lt;id&gt;</c> laid over them (spec §7.1: accounts inherit the base).
/// </summary>
internal sealed record ChannelAccount(string Channel, string AccountId, IConfiguration Settings)
{
    public const string DefaultAccountId = "default";

    /// <summary>Config key path of a setting of this account, for error messages.</summary>
    public string KeyPath(string key) => AccountId == DefaultAccountId && !HasAccountsSection
        ? $"channels.{Channel}.{key}"
        : $"channels.{Channel}.accounts.{AccountId}.{key}";

    internal bool HasAccountsSection { get; init; }

    public T Bind<T>() where T : new()
    {
        var options = new T();
        Settings.Bind(options);
        return options;
    }

    /// <summary>Resolves the accounts of <c>channels.&lt;channel&gt;</c>; none when the section is missing or disabled.</summary>
    public static IReadOnlyList<ChannelAccount> Resolve(IConfiguration configuration, string channel)
    {
        var section = configuration.GetSection($"channels:{channel}");
        if (!section.Exists() || string.Equals(section["enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var baseValues = Flatten(section, skipChild: "accounts");
        var accounts = section.GetSection("accounts").GetChildren().ToList();
        if (accounts.Count == 0)
        {
            return [new ChannelAccount(channel, DefaultAccountId, Build(baseValues))];
        }

        var result = new List<ChannelAccount>();
        foreach (var account in accounts)
        {
            if (string.Equals(account["enabled"], "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var values = new Dictionary<string, string?>(baseValues, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in Flatten(account, skipChild: null))
            {
                values[key] = value;
            }

            result.Add(new ChannelAccount(channel, account.Key, Build(values)) { HasAccountsSection = true });
        }

        return result;
    }

    private static IConfiguration Build(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string?> Flatten(IConfigurationSection section, string? skipChild)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (skipChild is not null && string.Equals(child.Key, skipChild, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var (key, value) in child.AsEnumerable(makePathsRelative: false))
            {
                if (value is not null)
                {
                    values[key[(section.Path.Length + 1)..]] = value;
                }
            }
        }

        return values;
    }
}
