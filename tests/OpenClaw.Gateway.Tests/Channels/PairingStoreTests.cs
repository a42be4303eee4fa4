using System.Text.Json.Nodes;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Channels;

/// <summary>DM pairing codes and their files, in upstream's layout (spec §7.2).</summary>
public sealed class PairingStoreTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly ManualClock _clock = new();
    private readonly PairingStore _store;

    public PairingStoreTests() =>
        _store = new PairingStore(new OpenClawPaths(name => name == "OPENCLAW_STATE_DIR" ? _home.StateDir : null), _clock);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_new_sender_gets_an_8_character_code_without_ambiguous_characters_stored_as_upstream_does()
    {
        var (request, created) = await _store.UpsertAsync("telegram", "default", "5151", "Ada", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(created);
        Assert.Matches("^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$", request.Code);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_home.StateDir, "credentials", "telegram-pairing.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(1, file["version"]!.GetValue<int>());
        var stored = Assert.Single(file["requests"]!.AsArray())!;
        Assert.Equal("5151", stored["id"]!.GetValue<string>());
        Assert.Equal(request.Code, stored["code"]!.GetValue<string>());
        Assert.Equal("default", stored["meta"]!["accountId"]!.GetValue<string>());
        Assert.NotNull(stored["createdAt"]);
        Assert.NotNull(stored["lastSeenAt"]);
    }

    [Fact]
    public async Task The_same_sender_keeps_its_code_and_gets_no_second_reply_until_the_hour_is_over()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await _store.UpsertAsync("telegram", "default", "5151", null, cancellationToken: ct);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var again = await _store.UpsertAsync("telegram", "default", "5151", null, cancellationToken: ct);
        Assert.False(again.Created);
        Assert.Equal(first.Request.Code, again.Request.Code);

        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Empty(await _store.ListAsync("telegram", ct));
        var later = await _store.UpsertAsync("telegram", "default", "5151", null, cancellationToken: ct);
        Assert.True(later.Created);
    }

    [Fact]
    public async Task At_most_three_requests_are_pending_per_channel_and_the_least_recently_seen_goes()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var sender in new[] { "1", "2", "3" })
        {
            await _store.UpsertAsync("telegram", "default", sender, null, cancellationToken: ct);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        await _store.UpsertAsync("telegram", "default", "1", null, cancellationToken: ct); // seen again: now the freshest
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _store.UpsertAsync("telegram", "default", "4", null, cancellationToken: ct);

        var pending = await _store.ListAsync("telegram", ct);
        Assert.Equal(["1", "3", "4"], pending.Select(r => r.Id).Order());
        Assert.Empty(await _store.ListAsync("discord", ct));
    }

    [Fact]
    public async Task Approving_a_code_adds_the_sender_to_the_accounts_allow_from_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var main = await _store.UpsertAsync("telegram", "default", "5151", null, cancellationToken: ct);
        var work = await _store.UpsertAsync("telegram", "work", "6161", null, cancellationToken: ct);

        Assert.Equal("5151", (await _store.ApproveAsync("telegram", main.Request.Code.ToLowerInvariant(), ct))?.Id);
        Assert.Equal("6161", (await _store.ApproveAsync("telegram", work.Request.Code, ct))?.Id);
        Assert.Null(await _store.ApproveAsync("telegram", "ZZZZZZZZ", ct));

        var allow = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_home.StateDir, "credentials", "telegram-allowFrom.json"), ct))!;
        Assert.Equal(1, allow["version"]!.GetValue<int>());
        Assert.Equal(["5151"], allow["allowFrom"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["6161"], await _store.ApprovedAsync("telegram", "work", ct));
        Assert.True(File.Exists(Path.Combine(_home.StateDir, "credentials", "telegram-work-allowFrom.json")));
        Assert.Empty(await _store.ListAsync("telegram", ct));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
