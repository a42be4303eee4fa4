using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Tests;

/// <summary>
/// <c>pairing</c>, <c>message send</c> and <c>cron</c> call gateway methods added by other features (pairing.*, send,
/// cron.*). Against a gateway that has them the tests check the real answers; against one that does not, that the
/// user gets one line naming the missing method and exit code 1.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MessagingAndCronCommandTests(GatewayFixture gateway)
{
    private static bool Unsupported(CliProcess.Result result, string method)
    {
        if (!result.Stderr.Contains("this gateway does not support", StringComparison.Ordinal))
        {
            return false;
        }

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"this gateway does not support {method} (the gateway is older than this CLI: update or restart it).", result.Stderr.Trim());
        return true;
    }

    [Fact]
    public async Task Pairing_list_and_approve_on_a_gateway_without_that_channel()
    {
        var all = await gateway.CliAsync("pairing", "list");
        if (Unsupported(all, "pairing.list"))
        {
            return;
        }

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("No pending pairing requests.", all.Stdout, StringComparison.Ordinal);

        // The fixture's gateway has no channels: asking about telegram is one line saying how to add it.
        var telegram = await gateway.CliAsync("pairing", "list", "telegram");
        Assert.Equal(1, telegram.ExitCode);
        Assert.Contains("unknown channel: telegram", telegram.Stderr, StringComparison.Ordinal);
        Assert.Single(telegram.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var approve = await gateway.CliAsync("pairing", "approve", "telegram", "ZZZZ2222");
        Assert.Equal(1, approve.ExitCode);
        Assert.Contains("telegram", approve.Stderr, StringComparison.Ordinal);
        Assert.Single(approve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CliProcess.AssertNoStackTrace(approve);
    }

    [Fact]
    public async Task Message_send_to_a_channel_that_is_not_configured_fails_clearly()
    {
        var result = await gateway.CliAsync("message", "send", "--channel", "telegram", "--target", "12345", "--message", "hi");
        if (Unsupported(result, "send"))
        {
            return;
        }

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("telegram", result.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Message_send_without_text_or_media_is_refused_before_calling()
    {
        var result = await gateway.CliAsync("message", "send", "--channel", "telegram", "--target", "12345");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Nothing to send", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cron_add_list_run_remove()
    {
        var status = await gateway.CliAsync("cron", "status");
        if (Unsupported(status, "cron.status"))
        {
            return;
        }

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.StartsWith("Cron: ", status.Stdout, StringComparison.Ordinal);
        // A main-session system event waiting for the next heartbeat: running it never calls the (shared) fake model.
        var add = await gateway.CliAsync("cron", "add", "--name", "cli test job", "--every", "1h", "--session", "main", "--system-event", "ping", "--wake", "next-heartbeat", "--json");

        Assert.True(add.ExitCode == 0, add.ToString());
        var added = JsonNode.Parse(add.Stdout)!;
        var id = (string?)(added["job"] ?? added)["id"];
        Assert.False(string.IsNullOrEmpty(id));

        var list = await gateway.CliAsync("cron", "list");
        Assert.Contains("cli test job", list.Stdout, StringComparison.Ordinal);

        var run = await gateway.CliAsync("cron", "run", id!);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith($"Started job {id}", run.Stdout, StringComparison.Ordinal);

        var remove = await gateway.CliAsync("cron", "rm", id!);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        var after = await gateway.CliAsync("cron", "list", "--json");
        Assert.DoesNotContain(id!, after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cron_add_needs_one_schedule()
    {
        var result = await gateway.CliAsync("cron", "add", "--name", "x", "--message", "m");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Give exactly one schedule", result.Stderr, StringComparison.Ordinal);
    }
}
