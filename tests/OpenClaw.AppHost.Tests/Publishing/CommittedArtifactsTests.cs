namespace OpenClaw.AppHost.Tests.Publishing;

/// <summary>
/// aspire-manifest.json and deploy/ are generated from the AppHost's real Program.cs (with the fixed
/// config deploy/publish-model.openclaw.json); these tests fail when someone changes the app model or
/// the publishers and forgets to publish again.
/// </summary>
public sealed class CommittedArtifactsTests
{
    private static string Regenerate => "OPENCLAW_CONFIG_PATH=deploy/publish-model.openclaw.json dotnet run --project OpenClaw.AppHost -- --publisher manifest --output-path ./aspire-manifest.json " +
        "(and --publisher docker-compose --output-path ./deploy)";

    [Fact]
    public async Task The_committed_aspire_manifest_is_what_the_apphost_publishes_now()
    {
        {
            // Same folder depth as the repository root keeps the relative project paths comparable.
            var manifest = Path.Combine(AppHostProcess.RepoRoot, $"aspire-manifest.test-{Guid.NewGuid():N}.json");
            try
            {
                var run = await PublishAsync(["--publisher", "manifest", "--output-path", manifest]);
                Assert.True(run.ExitCode == 0, run.Output);
                Assert.True(
                    await File.ReadAllTextAsync(Path.Combine(AppHostProcess.RepoRoot, "aspire-manifest.json"), TestContext.Current.CancellationToken)
                        == await File.ReadAllTextAsync(manifest, TestContext.Current.CancellationToken),
                    $"aspire-manifest.json is stale: regenerate it with {Regenerate}");
            }
            finally
            {
                File.Delete(manifest);
            }
        }
    }

    [Fact]
    public async Task The_committed_deploy_folder_is_what_the_apphost_publishes_now()
    {
        var deploy = Path.Combine(AppHostProcess.RepoRoot, "deploy");
        var output = Path.Combine(AppHostProcess.RepoRoot, $"deploy-test-{Guid.NewGuid():N}");
        try
        {
            var run = await PublishAsync(["--publisher", "docker-compose", "--output-path", output]);
            Assert.True(run.ExitCode == 0, run.Output);
            var outputName = Path.GetFileName(output);
            foreach (var file in Directory.GetFiles(output))
            {
                var name = Path.GetFileName(file);
                if (name == ".env")
                {
                    // deploy/.env is git-ignored (setup.sh writes the secrets into it); its keys are pinned by the golden compose.env.
                    continue;
                }

                var committed = Path.Combine(deploy, name);
                Assert.True(File.Exists(committed), $"deploy/{name} is missing: regenerate with {Regenerate}");
                var expected = await File.ReadAllTextAsync(committed, TestContext.Current.CancellationToken);
                var actual = (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Replace(outputName, "deploy", StringComparison.Ordinal);
                Assert.True(expected == actual, $"deploy/{name} is stale: regenerate with {Regenerate}");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output)> PublishAsync(string[] publishArgs) =>
        Tool.RunAsync(
            "dotnet",
            ["run", "--no-build", "-c", AppHostProcess.Configuration, "--project", "OpenClaw.AppHost", "--", .. publishArgs],
            AppHostProcess.RepoRoot,
            new() { ["OPENCLAW_CONFIG_PATH"] = Path.Combine(AppHostProcess.RepoRoot, "deploy", "publish-model.openclaw.json") });
}
