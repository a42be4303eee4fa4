using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Config;

public sealed class ConfigStoreTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private FileConfigStore Open(string text)
    {
        _home.WriteConfig(text);
        return new FileConfigStore(ConfigLoader.LoadFile(_home.ConfigPath, _ => null), _home.ConfigPath, _ => null, NullLogger<FileConfigStore>.Instance);
    }

    [Fact]
    public async Task Write_with_a_stale_base_hash_is_refused_and_the_current_hash_succeeds()
    {
        using var store = Open("{ gateway: { mode: 'local' } }");
        var seen = new List<ConfigSnapshot>();
        using var _ = store.OnChange(seen.Add);
        var ct = TestContext.Current.CancellationToken;

        var stale = await store.WriteAsync("{ gateway: { mode: 'local', port: 1234 } }", "0000", ct);
        Assert.True(stale.Conflict);
        Assert.Equal(store.Current.Hash, stale.Hash);

        var ok = await store.WriteAsync("{ gateway: { mode: 'local', port: 1234 } }", store.Current.Hash, ct);
        Assert.True(ok.Ok);
        Assert.True(ok.RestartRequired); // gateway.* changed
        Assert.Equal(1234, store.Current.Config.Gateway.Port);
        Assert.Equal(ConfigLoader.HashOf(await File.ReadAllTextAsync(_home.ConfigPath, ct)), store.Current.Hash);
        Assert.Contains(seen, s => s.Config.Gateway.Port == 1234);
    }

    [Fact]
    public async Task Invalid_write_returns_errors_with_key_paths_and_leaves_the_file_alone()
    {
        using var store = Open("{ gateway: { mode: 'local' } }");
        var before = await File.ReadAllTextAsync(_home.ConfigPath, TestContext.Current.CancellationToken);

        var result = await store.WriteAsync("{ gateway: { mode: 'local', bind: 'moon' } }", store.Current.Hash, TestContext.Current.CancellationToken);

        Assert.False(result.Ok);
        Assert.Equal("gateway.bind", Assert.Single(result.Errors).Path);
        Assert.Equal(before, await File.ReadAllTextAsync(_home.ConfigPath, TestContext.Current.CancellationToken));
        Assert.Equal("gateway.bind", Assert.Single(store.Validate("{ gateway: { bind: 'moon' } }")).Path);
    }

    [Fact]
    public async Task Merge_patch_merges_objects_deletes_nulls_and_replaces_arrays()
    {
        using var store = Open("{ gateway: { mode: 'local', port: 1 }, agents: { defaults: { maxConcurrent: 2, model: { primary: 'a/b', fallbacks: ['c/d'] } } } }");
        var patch = JsonNode.Parse("""{"gateway":{"port":null},"agents":{"defaults":{"maxConcurrent":6,"model":{"fallbacks":["e/f","g/h"]}}}}""")!.AsObject();

        var result = await store.PatchAsync(patch, store.Current.Hash, TestContext.Current.CancellationToken);

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var config = store.Current.Config;
        Assert.Null(config.Gateway.Port);
        Assert.Equal("local", config.Gateway.Mode);
        Assert.Equal(6, config.Agents.Defaults.MaxConcurrent);
        Assert.Equal("a/b", config.Agents.Defaults.Model!.Primary);
        Assert.Equal(["e/f", "g/h"], config.Agents.Defaults.Model.Fallbacks!);
    }

    [Fact]
    public async Task Editing_the_file_hot_reloads_valid_changes_and_ignores_invalid_ones()
    {
        using var store = Open("{ gateway: { mode: 'local' }, agents: { defaults: { maxConcurrent: 2 } } }");
        var reloaded = new TaskCompletionSource<ConfigSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = store.OnChange(s => reloaded.TrySetResult(s));

        _home.WriteConfig("{ gateway: { mode: 'local' }, agents: { defaults: { maxConcurrent: 7 } } }");
        var snapshot = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(7, snapshot.Config.Agents.Defaults.MaxConcurrent);

        _home.WriteConfig("{ gateway: { mode: 'local' }, agents: { defaults: { maxConcurrent: 'lots' } } }");
        await store.ReloadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(7, store.Current.Config.Agents.Defaults.MaxConcurrent);
    }
}
