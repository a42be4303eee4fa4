using System.CommandLine;
using OpenClaw.Cli.Commands;
using Spectre.Console;

namespace OpenClaw.Cli.Doctor;

/// <summary><c>openclaw doctor [--fix] [--generate-gateway-token] [--json]</c>: checks with a fix for each problem; exit 1 when one fails.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var fix = new Option<bool>("--fix", "--repair") { Description = "Apply safe repairs (permissions)" };
        var yes = new Option<bool>("--yes") { Description = "Accepted for compatibility (repairs never prompt)" };
        var nonInteractive = new Option<bool>("--non-interactive") { Description = "Accepted for compatibility" };
        var generateToken = new Option<bool>("--generate-gateway-token") { Description = "Write a new random gateway token to the config" };
        var deep = new Option<bool>("--deep") { Description = "Accepted for compatibility (all checks always run)" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("doctor", "Check config, state dir, Redis, Docker, sandbox image and model providers") { fix, yes, nonInteractive, generateToken, deep, json };
        command.SetAction(async (parse, ct) =>
        {
            var asJson = parse.GetValue(json);
            if (parse.GetValue(generateToken) && ConfigCommand.Run(asJson, DoctorChecks.GenerateToken) != 0)
            {
                return 1;
            }

            var checks = await Hosting.Spinner.RunAsync("Running checks…", asJson, async () =>
            {
                var list = new List<DoctorCheck> { DoctorChecks.Config(out var root), DoctorChecks.GatewayAuth(root), DoctorChecks.StateDir(parse.GetValue(fix)) };
                list.Add(await DoctorChecks.RedisAsync(ct));
                var (docker, image) = await DoctorChecks.DockerAsync(root, ct);
                list.Add(docker);
                list.Add(image);
                list.AddRange(await DoctorChecks.ProvidersAsync(root, ct));
                return list;
            });
            var failed = checks.Count(c => c.Status == CheckStatus.Fail);
            if (asJson)
            {
                CliOutput.WriteJson(new { ok = failed == 0, checks = checks.Select(c => new { name = c.Name, status = c.Status.ToString().ToLowerInvariant(), detail = c.Detail, fix = c.Fix }) });
                return failed == 0 ? 0 : 1;
            }

            foreach (var c in checks)
            {
                var mark = c.Status switch { CheckStatus.Ok => "[green]ok  [/]", CheckStatus.Warn => "[yellow]warn[/]", _ => "[red]FAIL[/]" };
                AnsiConsole.MarkupLine($"{mark} {Markup.Escape(c.Name)}: {Markup.Escape(c.Detail)}");
                if (c.Status != CheckStatus.Ok && c.Fix is { } f)
                {
                    AnsiConsole.MarkupLine($"     fix: {Markup.Escape(f)}");
                }
            }

            Console.Out.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
