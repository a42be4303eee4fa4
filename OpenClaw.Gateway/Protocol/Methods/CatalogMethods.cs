using System.Text.Json.Nodes;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Models;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary><c>models.list</c>, <c>tools.catalog</c>, <c>channels.status</c>.</summary>
public static class CatalogMethods
{
    public static MethodRegistry MapCatalogMethods(this MethodRegistry methods) => methods
        .Map("models.list", Models)
        .Map("tools.catalog", ToolsCatalog)
        .Map("channels.status", ChannelsStatusMethod.HandleAsync);

    /// <summary>Configured provider models plus every agent's primary and fallback models.</summary>
    private static Task<object?> Models(MethodContext context)
    {
        var config = context.Get<IConfigStore>().Current.Config;
        var primary = context.Get<IAgentCatalog>().Resolve(null).PrimaryModel;
        var models = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (provider, settings) in config.Models.Providers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var model in settings.Models ?? [])
            {
                if (seen.Add($"{provider}/{model.Id}"))
                {
                    models.Add(Model(provider, model.Id, model.Name ?? model.Id, model.Reasoning, $"{provider}/{model.Id}" == primary));
                }
            }
        }

        foreach (var reference in context.Get<IAgentCatalog>().List().SelectMany(a => a.Fallbacks.Prepend(a.PrimaryModel ?? "")))
        {
            if (ModelRef.TryParse(reference, out var parsed) && seen.Add(parsed.ToString()))
            {
                models.Add(Model(parsed.Provider, parsed.Model, parsed.Model, false, parsed.ToString() == primary));
            }
        }

        return Task.FromResult<object?>(new { models });
    }

    private static JsonObject Model(string provider, string id, string name, bool reasoning, bool isDefault) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["provider"] = provider,
        ["reasoning"] = reasoning,
        ["tags"] = isDefault ? new JsonArray("default") : new JsonArray(),
        ["available"] = true,
    };

    /// <summary>The tools registered with the gateway, as the effective catalog of the default agent sees them.</summary>
    private static Task<object?> ToolsCatalog(MethodContext context)
    {
        var agent = context.Get<IAgentCatalog>().Resolve(context.OptionalString("agentId"));
        IReadOnlyList<IAgentTool> tools;
        try
        {
            tools = context.Get<IToolCatalog>().GetEffectiveTools(new ToolContext
            {
                AgentId = agent.Id,
                SessionKey = agent.MainSessionKey,
                WorkspaceDir = agent.WorkspaceDir,
            });
        }
        catch (InvalidOperationException)
        {
            tools = [];
        }

        var entries = tools.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new { id = t.Name, label = t.Name, description = t.Description, source = "core" }).ToList();
        return Task.FromResult<object?>(new
        {
            agentId = agent.Id,
            profiles = new[]
            {
                new { id = "minimal", label = "Minimal" }, new { id = "coding", label = "Coding" },
                new { id = "messaging", label = "Messaging" }, new { id = "full", label = "Full" },
            },
            groups = entries.Count == 0 ? [] : new[] { new { id = "tools", label = "Tools", source = "core", tools = entries } },
        });
    }
}
