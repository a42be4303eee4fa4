using System.Collections.Concurrent;
using System.Text;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Agents;

/// <summary>
/// Creates the workspace bootstrap files on first run (unless <c>agents.defaults.skipBootstrap</c>) and builds the
/// system prompt from them (per-file cap <c>bootstrapMaxChars</c>, total cap <c>bootstrapTotalMaxChars</c>).
/// </summary>
public sealed class WorkspaceBootstrap(IConfigStore config)
{
    /// <summary>Files injected into the system prompt, in order. MEMORY.md only in the main session.</summary>
    public static readonly IReadOnlyList<string> PromptFiles = ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md", "MEMORY.md"];

    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["AGENTS.md"] = "# AGENTS.md - Your Workspace\n\nThis folder is home. Read SOUL.md (who you are) and USER.md (who you help) at the start of every session.\n\n## Memory\n- Daily notes: memory/YYYY-MM-DD.md\n- Long-term: MEMORY.md (main session only)\n\n## Safety\n- Don't exfiltrate private data.\n- Ask before running destructive commands.\n",
        ["SOUL.md"] = "# SOUL.md - Who You Are\n\nBe genuinely helpful, not performatively helpful. Have opinions. Be concise when needed, thorough when it matters.\nPrivate things stay private. When in doubt, ask before acting externally.\n",
        ["TOOLS.md"] = "# TOOLS.md - Local Notes\n\nNotes about your local tools and setup (camera names, SSH hosts, voices). Guidance only: tools are configured in openclaw.json.\n",
        ["IDENTITY.md"] = "# IDENTITY.md - Who Am I?\n\n- **Name:**\n- **Creature:**\n- **Vibe:**\n- **Emoji:**\n",
        ["USER.md"] = "# USER.md - About Your Human\n\n- **Name:**\n- **What to call them:**\n- **Timezone:**\n- **Notes:**\n",
        ["HEARTBEAT.md"] = "# HEARTBEAT.md\n\n# Keep this file empty (or with only comments) to skip heartbeat API calls.\n",
        ["BOOTSTRAP.md"] = "# BOOTSTRAP.md - Hello, World\n\nYou just woke up in a fresh workspace. Talk with your human: figure out your name, vibe and emoji, write them to IDENTITY.md and USER.md, then delete this file.\n",
    };

    private readonly ConcurrentDictionary<string, Task> _ensured = new(StringComparer.Ordinal);

    /// <summary>Creates missing bootstrap files once per workspace per process; BOOTSTRAP.md only in a brand-new workspace.</summary>
    public Task EnsureAsync(string workspaceDir) => config.Current.Config.Agents.Defaults.SkipBootstrap
        ? Task.CompletedTask
        : _ensured.GetOrAdd(workspaceDir, static dir => Task.Run(() => Create(dir)));

    public string BuildSystemPrompt(ResolvedAgent agent, string sessionKey, string? modelRef, IEnumerable<string> toolNames)
    {
        var defaults = config.Current.Config.Agents.Defaults;
        var sb = new StringBuilder();
        sb.Append("You are a personal assistant running inside OpenClaw.\n\n");
        var tools = toolNames.ToList();
        if (tools.Count > 0)
        {
            sb.Append("## Tooling\nTools available: ").AppendJoin(", ", tools).Append(".\n\n");
        }

        sb.Append("## Workspace\nYour working directory is: ").Append(agent.WorkspaceDir).Append("\n\n");
        sb.Append("## Runtime\nRuntime: agent=").Append(agent.Id)
          .Append(" | host=").Append(Environment.MachineName)
          .Append(" | os=").Append(Environment.OSVersion.Platform)
          .Append(" | model=").Append(modelRef ?? "unknown")
          .Append(" | time=").Append(DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture))
          .Append("\n\n# Project Context\n");
        var total = 0;
        var isMain = Sessions.SessionKeys.IsMain(sessionKey);
        foreach (var file in PromptFiles)
        {
            if (file == "MEMORY.md" && !isMain)
            {
                continue;
            }

            var path = Path.Combine(agent.WorkspaceDir, file);
            if (!File.Exists(path))
            {
                if (file is "AGENTS.md" or "SOUL.md" or "USER.md" or "IDENTITY.md" or "TOOLS.md")
                {
                    sb.Append("\n## ").Append(file).Append("\n[missing file]\n");
                }

                continue;
            }

            var text = File.ReadAllText(path);
            if (text.Length > defaults.BootstrapMaxChars)
            {
                text = text[..defaults.BootstrapMaxChars] + "\n[truncated]";
            }

            if (total + text.Length > defaults.BootstrapTotalMaxChars)
            {
                text = text[..Math.Max(0, defaults.BootstrapTotalMaxChars - total)] + "\n[truncated]";
            }

            total += text.Length;
            sb.Append("\n## ").Append(file).Append('\n').Append(text.TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    private static void Create(string dir)
    {
        var isNew = !Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any();
        Directory.CreateDirectory(dir);
        foreach (var (file, text) in Templates)
        {
            if (file == "BOOTSTRAP.md" && !isNew)
            {
                continue;
            }

            var path = Path.Combine(dir, file);
            if (!File.Exists(path))
            {
                try
                {
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    stream.Write(Encoding.UTF8.GetBytes(text));
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process created it first; theirs wins.
                }
            }
        }
    }
}
