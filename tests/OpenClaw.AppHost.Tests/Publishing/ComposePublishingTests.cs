using OpenClaw.AppHost.Publishing;

namespace OpenClaw.AppHost.Tests.Publishing;

public sealed class ComposePublishingTests
{
    [Theory]
    [InlineData("docker-compose.yaml")]
    [InlineData("docker-compose.offline.yaml")]
    [InlineData(".env")]
    [InlineData("gateway.Dockerfile")]
    [InlineData("channel-discord.Dockerfile")]
    [InlineData("redis.offline.Dockerfile")]
    [InlineData("services.publish.proj")]
    public void The_compose_output_of_the_fixed_app_model_matches_the_golden_file(string file)
    {
        var output = PublishingFixture.TempDirectory();
        try
        {
            var files = PublishingFixture.PublishCompose(PublishingFixture.FixedModel(), output.FullName);
            PublishingFixture.AssertGolden(file == ".env" ? "compose.env" : file, files[file]);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_env_file_lists_keys_without_any_secret_value()
    {
        var output = PublishingFixture.TempDirectory();
        try
        {
            var model = PublishingFixture.FixedModel();
            var env = PublishingFixture.PublishCompose(model, output.FullName)[".env"];
            var values = EnvFile.Parse(env);

            Assert.Contains("OPENCLAW_GATEWAY_TOKEN", values.Keys);
            Assert.Contains("REDIS_PASSWORD", values.Keys);
            Assert.Contains("DASHBOARD_BROWSER_TOKEN", values.Keys);
            Assert.All(values, pair => Assert.True(pair.Value.Length == 0, $"{pair.Key} has a value in a freshly published .env"));
            Assert.DoesNotContain(PublishingFixture.ConfiguredGatewayToken, env, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Publishing_again_keeps_the_values_and_keys_a_user_put_in_the_env_file()
    {
        var output = PublishingFixture.TempDirectory();
        try
        {
            var model = PublishingFixture.FixedModel();
            PublishingFixture.PublishCompose(model, output.FullName);
            var envPath = Path.Combine(output.FullName, ".env");
            File.WriteAllText(envPath, File.ReadAllText(envPath)
                .Replace("OPENCLAW_GATEWAY_TOKEN=\n", "OPENCLAW_GATEWAY_TOKEN=my-token\n", StringComparison.Ordinal)
                .Replace("OPENCLAW_GATEWAY_PORT=\n", "OPENCLAW_GATEWAY_PORT=28789\n", StringComparison.Ordinal)
                + "MY_OWN_SETTING=42\n");

            PublishingFixture.PublishCompose(model, output.FullName);
            var values = EnvFile.Parse(File.ReadAllText(envPath));

            Assert.Equal("my-token", values["OPENCLAW_GATEWAY_TOKEN"]);
            Assert.Equal("28789", values["OPENCLAW_GATEWAY_PORT"]);
            Assert.Equal("42", values["MY_OWN_SETTING"]);
            Assert.Equal("", values["REDIS_PASSWORD"]);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Docker_compose_config_accepts_the_generated_files()
    {
        if (!await Tool.ExistsAsync("docker-compose"))
        {
            Assert.Skip("docker-compose is not installed (apt-get install docker-compose).");
        }

        var output = PublishingFixture.TempDirectory();
        try
        {
            var model = PublishingFixture.FixedModel();
            PublishingFixture.PublishCompose(model, output.FullName);
            // The offline override needs its build contexts to exist.
            foreach (var project in new[] { "OpenClaw.Dashboard", "OpenClaw.Gateway", "OpenClaw.SandboxManager", "OpenClaw.ChannelWorkers", "OpenClaw.ControlUi" })
            {
                Directory.CreateDirectory(Path.Combine(output.FullName, ".publish", project));
            }

            var plain = await Tool.RunAsync("docker-compose", ["config"], output.FullName);
            Assert.True(plain.ExitCode == 0, plain.Output);
            Assert.Contains("condition: service_healthy", plain.Output, StringComparison.Ordinal);
            Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", plain.Output, StringComparison.Ordinal);

            var offline = await Tool.RunAsync("docker-compose", ["-f", "docker-compose.yaml", "-f", "docker-compose.offline.yaml", "config"], output.FullName);
            Assert.True(offline.ExitCode == 0, offline.Output);
            Assert.Contains("openclaw-sandbox:bookworm-slim", offline.Output, StringComparison.Ordinal);

            // With host directories, the state dir and workspace keep their host paths inside the containers: the sandbox
            // manager passes the gateway's workspace paths to the Docker engine, which resolves bind sources on the host.
            var hostDirs = await Tool.RunAsync("docker-compose", ["config"], output.FullName,
                new() { ["OPENCLAW_CONFIG_DIR"] = "/srv/openclaw-state", ["OPENCLAW_WORKSPACE_DIR"] = "/srv/openclaw-workspace" });
            Assert.True(hostDirs.ExitCode == 0, hostDirs.Output);
            var sandboxManager = hostDirs.Output[hostDirs.Output.IndexOf("  sandbox-manager:\n", StringComparison.Ordinal)..];
            Assert.Contains("/srv/openclaw-state:/srv/openclaw-state:rw", sandboxManager, StringComparison.Ordinal);
            Assert.Contains("/srv/openclaw-workspace:/srv/openclaw-workspace:rw", sandboxManager, StringComparison.Ordinal);
            Assert.Contains("OPENCLAW_STATE_DIR: /srv/openclaw-state", sandboxManager, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Only_the_sandbox_manager_gets_the_docker_socket()
    {
        var output = PublishingFixture.TempDirectory();
        try
        {
            var compose = PublishingFixture.PublishCompose(PublishingFixture.FixedModel(), output.FullName)["docker-compose.yaml"];
            var services = System.Text.RegularExpressions.Regex.Split(compose, @"\n(?=  [a-z][a-z0-9-]*:\n)").Skip(1).ToList();
            var withSocket = services.Where(s => s.Contains("docker.sock", StringComparison.Ordinal)).Select(s => s.Split(':')[0].Trim()).ToList();

            Assert.Equal(["sandbox-manager"], withSocket);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
