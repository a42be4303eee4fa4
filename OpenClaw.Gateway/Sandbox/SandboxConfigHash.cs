using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// SHA-256 hex of canonical JSON (keys sorted recursively, nulls dropped) of
/// <c>{docker, workspaceAccess, workspaceDir, agentWorkspaceDir}</c>, as upstream computes it.
/// </summary>
public static class SandboxConfigHash
{
    public static string Compute(JsonObject docker, string workspaceAccess, string workspaceDir, string? agentWorkspaceDir)
    {
        var root = new JsonObject
        {
            ["docker"] = docker.DeepClone(),
            ["workspaceAccess"] = workspaceAccess,
            ["workspaceDir"] = workspaceDir,
            ["agentWorkspaceDir"] = agentWorkspaceDir,
        };
        var canonical = Canonicalize(root)!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private static JsonNode? Canonicalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonicalize(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonicalize)]),
        null => null,
        _ => node.DeepClone(),
    };
}
