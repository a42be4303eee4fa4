using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The <c>tools</c> and <c>agents</c> config as the tools read it, current on every call so hot reloads apply to
/// the next tool call. In the gateway it comes from openclaw.json (<see cref="IConfigStore"/>); without a config
/// store (tests, tools used on their own) it is bound from <see cref="IConfiguration"/> sections of the same names.
/// </summary>
public sealed class ToolConfigSource(IConfiguration configuration, IConfigStore? store = null)
{
    /// <summary>OpenClaw.NET host setting (appsettings / env <c>OpenClaw__Tools__MaxOutputChars</c>), not an openclaw.json key.</summary>
    public const string MaxOutputCharsKey = "OpenClaw:Tools:MaxOutputChars";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private (string Hash, ToolsOptions Tools, AgentsToolOptions Agents, AllowDenyOptions GatewayTools)? _cached;

    public ToolsOptions Tools => Snapshot().Tools;

    public AgentsToolOptions Agents => Snapshot().Agents;

    /// <summary><c>gateway.tools</c>: extra deny / allow for the <c>/tools/invoke</c> HTTP endpoint.</summary>
    public AllowDenyOptions GatewayTools => Snapshot().GatewayTools;

    /// <summary>Tool output past this many characters is cut with a marker (default 200 000).</summary>
    public int MaxOutputChars => configuration.GetValue(MaxOutputCharsKey, 200_000);

    private (ToolsOptions Tools, AgentsToolOptions Agents, AllowDenyOptions GatewayTools) Snapshot()
    {
        if (store is null)
        {
            var tools = new ToolsOptions();
            configuration.GetSection(ToolsOptions.SectionName).Bind(tools);
            var agents = new AgentsToolOptions();
            configuration.GetSection(AgentsToolOptions.SectionName).Bind(agents);
            var gatewayTools = new AllowDenyOptions();
            configuration.GetSection("gateway:tools").Bind(gatewayTools);
            return (tools, agents, gatewayTools);
        }

        var current = store.Current;
        lock (_gate)
        {
            if (_cached is { } cached && cached.Hash == current.Hash)
            {
                return (cached.Tools, cached.Agents, cached.GatewayTools);
            }

            var tools = Convert<ToolsOptions>(current.Config.Tools);
            var agents = Convert<AgentsToolOptions>(current.Config.Agents);
            var gatewayTools = Convert<AllowDenyOptions>(current.Config.Gateway.Tools);
            _cached = (current.Hash, tools, agents, gatewayTools);
            return (tools, agents, gatewayTools);
        }
    }

    /// <summary>Re-reads a typed config section into the tools' option classes (nulls dropped so defaults stay).</summary>
    private static T Convert<T>(object? section)
        where T : new()
    {
        if (section is null)
        {
            return new T();
        }

        var node = JsonSerializer.SerializeToNode(section, section.GetType(), ConfigJson.Options);
        DropNulls(node);
        return node.Deserialize<T>(ReadOptions) ?? new T();
    }

    private static void DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    DropNulls(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DropNulls(item);
                }

                break;
        }
    }
}
