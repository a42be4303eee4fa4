using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.Cli.Tests;

public sealed class DeviceIdentityFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openclaw-identity-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task The_identity_is_created_once_in_upstreams_format_and_reloaded_with_the_same_device_id()
    {
        // The CLI's store (as GatewayOptions builds it): <state>/identity/device.json.
        var store = FileDeviceIdentityStore.InStateDir(_dir);
        var path = Path.Combine(_dir, "identity", "device.json");

        string deviceId;
        using (var created = await store.LoadOrCreateAsync(TestContext.Current.CancellationToken))
        {
            deviceId = created.DeviceId;
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(created.RawPublicKey)), deviceId);
        }

        var file = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(1, (int)file["version"]!);
        Assert.Equal(deviceId, (string?)file["deviceId"]);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", (string?)file["publicKeyPem"], StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", (string?)file["privateKeyPem"], StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var reloaded = await store.LoadOrCreateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(deviceId, reloaded.DeviceId);
        Assert.Equal(43, reloaded.PublicKeyBase64Url.Length);
    }

    [Fact]
    public async Task A_damaged_identity_file_is_a_clear_error()
    {
        var path = Path.Combine(_dir, "identity", "device.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """{"version":1,"privateKeyPem":"garbage"}""");

        var error = await Assert.ThrowsAnyAsync<GatewayException>(
            async () => await FileDeviceIdentityStore.InStateDir(_dir).LoadOrCreateAsync(TestContext.Current.CancellationToken));
        Assert.Contains("delete it to create a new device identity", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health", "operator.read")]
    [InlineData("chat.send", "operator.write")]
    [InlineData("device.pair.list", "operator.pairing")]
    [InlineData("config.set", "operator.admin")]
    [InlineData("cron.list", "operator.read")]
    [InlineData("cron.add", "operator.admin")]
    [InlineData("pairing.approve", "operator.pairing")]
    [InlineData("send", "operator.write")]
    public void Each_call_asks_only_for_the_scope_it_needs(string method, string scope) =>
        Assert.Equal([scope], CliScopes.For(method));

    [Fact]
    public void Approving_a_device_asks_for_the_admin_scope_a_browser_requests() =>
        Assert.Equal(["operator.pairing", "operator.admin"], CliScopes.For("device.pair.approve"));

    [Fact]
    public void An_unknown_method_asks_for_every_operator_scope() =>
        Assert.Contains("operator.admin", CliScopes.For("something.new"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
