using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Config;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw config get|set|unset|validate|file|schema</c> (spec §3.1): local edits of <c>openclaw.json</c> that keep
/// its comments; a change the gateway would refuse is not written.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var group = new Command("config", "Read and edit openclaw.json (comments are kept)");
        group.Subcommands.Add(Get());
        group.Subcommands.Add(Set());
        group.Subcommands.Add(Unset());
        group.Subcommands.Add(Validate());
        group.Subcommands.Add(FileCommand());
        group.Subcommands.Add(Schema());
        return group;
    }

    private static Command Get()
    {
        var path = new Argument<string>("path") { Description = "Key path, e.g. gateway.port" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("get", "Print a config value") { path, json };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var file = ConfigFile.Load();
            var segments = ConfigPath.Parse(parse.GetValue(path)!);
            if (!file.Document.Has(segments))
            {
                throw new CliException($"Config path not found: {parse.GetValue(path)} (in {file.Path}); set it with: openclaw config set {parse.GetValue(path)} <value>");
            }

            var value = file.Document.Get(segments);
            if (parse.GetValue(json) || value is JsonObject or JsonArray)
            {
                Console.Out.WriteLine(value?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null");
            }
            else
            {
                Console.Out.WriteLine(value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null");
            }
        }));
        return command;
    }

    private static Command Set()
    {
        var path = new Argument<string?>("path") { Description = "Key path, e.g. gateway.port", Arity = ArgumentArity.ZeroOrOne };
        var value = new Argument<string?>("value") { Description = "Value (JSON5; plain text becomes a string)", Arity = ArgumentArity.ZeroOrOne };
        var strict = new Option<bool>("--strict-json") { Description = "The value must be valid JSON5 (no plain-string fallback)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and show the result without writing" };
        var batch = new Option<string?>("--batch-json") { Description = "Several edits: '[{\"path\":\"a.b\",\"value\":1}]'" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("set", "Set a config value") { path, value, strict, dryRun, batch, json };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var edits = new List<(string Path, JsonNode? Value)>();
            if (parse.GetValue(batch) is { Length: > 0 } batchJson)
            {
                var list = ParseJson5(batchJson, "--batch-json") as JsonArray ?? throw new CliException("--batch-json must be an array of {path, value}");
                edits.AddRange(list.Select(e => ((string?)e?["path"] ?? throw new CliException("--batch-json: every entry needs a path"), e?["value"]?.DeepClone())));
            }
            else if (parse.GetValue(path) is { Length: > 0 } p && parse.GetValue(value) is { } raw)
            {
                edits.Add((p, ParseValue(raw, parse.GetValue(strict))));
            }
            else
            {
                throw new CliException("usage: openclaw config set <path> <value> (or --batch-json '[{\"path\":\"gateway.port\",\"value\":18789}]')");
            }

            var file = ConfigFile.Load();
            foreach (var (p, v) in edits)
            {
                file.Document.Set(ConfigPath.Parse(p), v);
            }

            Write(file, parse.GetValue(dryRun), parse.GetValue(json), edits.Select(e => e.Path).ToList(), "Updated");
        }));
        return command;
    }

    private static Command Unset()
    {
        var path = new Argument<string>("path") { Description = "Key path to remove" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and show the result without writing" };
        var command = new Command("unset", "Remove a config value") { path, json, dryRun };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var file = ConfigFile.Load();
            if (!file.Document.Unset(ConfigPath.Parse(parse.GetValue(path)!)))
            {
                throw new CliException($"Config path not found: {parse.GetValue(path)} (nothing to unset in {file.Path})");
            }

            Write(file, parse.GetValue(dryRun), parse.GetValue(json), [parse.GetValue(path)!], "Removed");
        }));
        return command;
    }

    private static Command Validate()
    {
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("validate", "Check openclaw.json against the gateway's schema") { json };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var path = CliPaths.ConfigPath;
            if (!File.Exists(path))
            {
                return Report(asJson, path, false, [new ConfigIssue("", "config file not found", "create it with: openclaw onboard")]);
            }

            Json5Document document;
            try
            {
                document = new Json5Document(File.ReadAllText(path));
            }
            catch (Json5SyntaxException ex)
            {
                return Report(asJson, path, false, [new ConfigIssue("", $"JSON5 syntax error: {ex.Message}", "fix the syntax at that line")]);
            }

            var issues = ConfigValidation.Validate(document.Root);
            return Report(asJson, path, issues.Count == 0, issues);
        });
        return command;
    }

    private static int Report(bool json, string path, bool valid, IReadOnlyList<ConfigIssue> issues)
    {
        if (json)
        {
            CliOutput.WriteJson(new { valid, path, issues = issues.Select(i => new { path = i.Path, message = i.Message, fix = i.Fix }) });
        }
        else if (valid)
        {
            AnsiConsole.MarkupLine($"[green]Config valid:[/] {Markup.Escape(path)}");
        }
        else
        {
            Console.Error.WriteLine($"Config invalid: {path}");
            foreach (var issue in issues)
            {
                Console.Error.WriteLine($"- {issue}");
            }
        }

        return valid ? 0 : 1;
    }

    private static Command FileCommand()
    {
        var command = new Command("file", "Print the path of the active config file");
        command.SetAction(_ => Console.Out.WriteLine(CliPaths.ConfigPath));
        return command;
    }

    private static Command Schema()
    {
        var command = new Command("schema", "Print the JSON Schema of openclaw.json");
        command.SetAction(_ =>
        {
            using var stream = typeof(ConfigValidation).Assembly.GetManifestResourceStream("OpenClaw.Cli.config.schema.json")!;
            using var reader = new StreamReader(stream);
            Console.Out.WriteLine(reader.ReadToEnd());
        });
        return command;
    }

    /// <summary>Validates the edited text like the gateway would, then writes it atomically (or only shows it).</summary>
    private static void Write(ConfigFile file, bool dryRun, bool json, IReadOnlyList<string> paths, string verb)
    {
        var issues = ConfigValidation.Validate(file.Document.Root);
        if (issues.Count > 0)
        {
            throw new CliException($"not saved, the gateway would refuse this config: {issues[0]}");
        }

        if (!dryRun)
        {
            file.Save();
        }

        if (json)
        {
            CliOutput.WriteJson(new { ok = true, path = file.Path, dryRun, changed = paths });
        }
        else if (dryRun)
        {
            Console.Out.Write(file.Document.Text);
        }
        else
        {
            AnsiConsole.MarkupLine($"{verb} {Markup.Escape(string.Join(", ", paths))} in {Markup.Escape(file.Path)}. Restart the gateway to apply.");
        }
    }

    public static JsonNode? ParseValue(string raw, bool strict)
    {
        try
        {
            return Json5Syntax.ToNode(Json5Syntax.Parse(raw));
        }
        catch (Json5SyntaxException) when (!strict)
        {
            return JsonValue.Create(raw);
        }
        catch (Json5SyntaxException ex)
        {
            throw new CliException($"--strict-json: the value is not valid JSON5 ({ex.Message})");
        }
    }

    private static JsonNode? ParseJson5(string raw, string flag)
    {
        try
        {
            return Json5Syntax.ToNode(Json5Syntax.Parse(raw));
        }
        catch (Json5SyntaxException ex)
        {
            throw new CliException($"{flag} is not valid JSON5: {ex.Message}");
        }
    }

    /// <summary>Runs a local command: CLI errors become one line (or a JSON error) and exit code 1.</summary>
    public static int Run(bool json, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (GatewayException ex)
        {
            return CliOutput.Fail(ex, json, null);
        }
        catch (IOException ex)
        {
            return CliOutput.Fail(new CliException(ex.Message), json, null);
        }
        catch (UnauthorizedAccessException ex)
        {
            return CliOutput.Fail(new CliException($"{ex.Message} (check the permissions of the state directory)"), json, null);
        }
    }
}
