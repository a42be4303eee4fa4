using System.Collections.Concurrent;
using System.Text.Json;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>A tiny tool for agent-loop tests: adds two numbers and records every call.</summary>
public sealed class AddTool : IAgentTool
{
    public ConcurrentQueue<(JsonElement Arguments, ToolContext Context)> Calls { get; } = new();

    public string Name => "add";

    public string Description => "Adds two numbers.";

    public JsonElement ParametersSchema { get; } = JsonDocument.Parse("""
        {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}
        """).RootElement;

    public Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        Calls.Enqueue((arguments.Clone(), context));
        var sum = arguments.GetProperty("a").GetDouble() + arguments.GetProperty("b").GetDouble();
        return Task.FromResult(new ToolResult(sum.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class TestToolCatalog(params IAgentTool[] tools) : IToolCatalog
{
    public ConcurrentQueue<ToolContext> Requests { get; } = new();

    public IReadOnlyList<IAgentTool> GetEffectiveTools(ToolContext context)
    {
        Requests.Enqueue(context);
        return tools;
    }
}
