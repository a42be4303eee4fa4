using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>POST /tools/invoke on a real gateway host: auth, policy, the hard HTTP deny list and gateway.tools.</summary>
public sealed class ToolsInvokeApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invoke_runs_an_allowed_tool_in_the_agent_workspace()
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local' } }");
        await File.WriteAllTextAsync(Path.Combine(gateway.Workspace, "hello.txt"), "hi from disk", Ct);

        var response = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool = "read", args = new { path = "hello.txt" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("hi from disk", json.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("apply_patch")]
    [InlineData("sessions_spawn")]
    [InlineData("sessions_send")]
    public async Task Hard_denied_tools_answer_404_and_do_nothing(string tool)
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local' } }");

        var response = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool, args = new { command = "touch pwned", input = "*** Begin Patch\n*** Add File: pwned\n+x\n*** End Patch", task = "x" } }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("not_found", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal($"Tool not available: {tool}", json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.False(File.Exists(Path.Combine(gateway.Workspace, "pwned")));
    }

    [Fact]
    public async Task Gateway_tools_allow_lifts_the_hard_deny_and_deny_adds_to_it()
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local', tools: { allow: ['exec'], deny: ['read'] } } }");

        var exec = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool = "exec", args = new { command = "echo made > made.txt" } }, Ct);
        var read = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool = "read", args = new { path = "made.txt" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, exec.StatusCode);
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(gateway.Workspace, "made.txt"), Ct));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Tool_policy_applies_and_a_tool_error_is_a_400()
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local' }, tools: { deny: ['write'] } }");

        var write = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool = "write", args = new { path = "a.txt", content = "x" } }, Ct);
        var missing = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { tool = "read", args = new { path = "../../etc/passwd" } }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var json = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Ct));
        Assert.Equal("tool_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.StartsWith("Path escapes the workspace", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_needs_the_gateway_token_and_a_tool_name()
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local' } }");
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };

        var unauthorized = await anonymous.PostAsJsonAsync("/tools/invoke", new { tool = "read" }, Ct);
        var nameless = await gateway.Http.PostAsJsonAsync("/tools/invoke", new { args = new { } }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Contains("requires name", await nameless.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_and_effective_answers_reflect_the_policy()
    {
        await using var gateway = await ToolsGateway.StartAsync("{ gateway: { mode: 'local' }, tools: { profile: 'messaging' }, agents: { defaults: { sandbox: { mode: 'non-main' } } } }");
        var registry = gateway.App.Services.GetRequiredService<ToolRegistry>();

        var catalog = registry.Catalog();
        var main = registry.Effective("main", "agent:main:main");
        var group = registry.Effective("main", "agent:main:telegram:group:1");

        Assert.Equal(["minimal", "coding", "messaging", "full"], catalog.Profiles.Select(p => p.Id));
        var exec = catalog.Groups.Single(g => g.Id == "runtime").Tools.Single(t => t.Id == "exec");
        Assert.Equal(["coding", "full"], exec.DefaultProfiles);
        Assert.Equal("messaging", main.Profile);
        Assert.Equal(["message", "session_status", "sessions_history", "sessions_list", "sessions_send"], main.Groups.Single().Tools.Select(t => t.Id).Order());
        Assert.True(group.Sandboxed);
        Assert.Equal(["session_status", "sessions_history", "sessions_list", "sessions_send"], group.Groups.Single().Tools.Select(t => t.Id).Order());
    }

    [Fact]
    public async Task Per_agent_tool_policy_from_openclaw_json_applies()
    {
        await using var gateway = await ToolsGateway.StartAsync(
            "{ gateway: { mode: 'local' }, agents: { list: [ { id: 'main' }, { id: 'reader', tools: { profile: 'minimal', alsoAllow: ['read'] } } ] } }");
        var registry = gateway.App.Services.GetRequiredService<ToolRegistry>();

        var reader = registry.Effective("reader", "agent:reader:main").Groups.Single().Tools.Select(t => t.Id).Order();
        var main = registry.Effective("main", "agent:main:main").Groups.Single().Tools.Select(t => t.Id).ToList();

        Assert.Equal(["read", "session_status"], reader);
        Assert.Contains("exec", main);
        Assert.Contains("write", main);
    }

    /// <summary>A gateway host like Program.cs with the tools registered and /tools/invoke mapped.</summary>
    private sealed class ToolsGateway : IAsyncDisposable
    {
        private readonly TempHome _home;

        private ToolsGateway(TempHome home, WebApplication app)
        {
            _home = home;
            App = app;
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
            Http = new HttpClient { BaseAddress = new Uri(url) };
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.Token);
        }

        public WebApplication App { get; }

        public HttpClient Http { get; }

        public string Workspace => Path.Combine(_home.StateDir, "workspace");

        public static async Task<ToolsGateway> StartAsync(string config)
        {
            var home = new TempHome();
            home.WriteConfig(config);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["HOME"] = home.Path,
                ["OPENCLAW_HOME"] = home.Path,
                ["OPENCLAW_STATE_DIR"] = home.StateDir,
                ["OPENCLAW_CONFIG_PATH"] = home.ConfigPath,
                ["OPENCLAW_GATEWAY_TOKEN"] = TestGateway.Token,
            });
            builder.AddGatewayCore(GatewayArgs.Parse(["--port", "0"]));
            builder.AddGatewayTools();
            var app = builder.Build();
            app.MapGatewayCore();
            app.MapGatewayTools();
            await app.StartAsync(Ct);
            Directory.CreateDirectory(Path.Combine(home.StateDir, "workspace"));
            return new ToolsGateway(home, app);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
            _home.Dispose();
        }
    }
}
