namespace OpenClaw.Cli.Onboarding;

/// <summary>The agent workspace's bootstrap files (spec Appendix A), created only when missing so edits are never lost.</summary>
internal static class WorkspaceBootstrap
{
    private static readonly (string Name, string Text)[] Files =
    [
        ("AGENTS.md", "# AGENTS.md — how this agent works\n\nRead SOUL.md, USER.md and MEMORY.md at the start of a session. Keep notes in memory/.\nAsk before doing anything destructive or anything that leaves this machine.\n"),
        ("SOUL.md", "# SOUL.md — who you are\n\nBe genuinely helpful, concise and honest. Have opinions; say when you are unsure.\n"),
        ("USER.md", "# USER.md — about your human\n\n- Name:\n- Timezone:\n- Preferences:\n"),
        ("IDENTITY.md", "# IDENTITY.md\n\n- Name: OpenClaw\n- Emoji: 🦞\n"),
        ("TOOLS.md", "# TOOLS.md — local notes about tools\n\nWrite down how tools are set up on this machine (hosts, devices, conventions).\n"),
        ("HEARTBEAT.md", "# HEARTBEAT.md\n\n# Keep this empty to skip heartbeat work; add short checklist items to have them checked periodically.\n"),
        ("MEMORY.md", "# MEMORY.md — long-term memory\n"),
    ];

    public static IReadOnlyList<string> Create(string workspace)
    {
        Directory.CreateDirectory(workspace);
        Directory.CreateDirectory(Path.Combine(workspace, "memory"));
        var created = new List<string>();
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(workspace, name);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, text);
                created.Add(path);
            }
        }

        return created;
    }
}
