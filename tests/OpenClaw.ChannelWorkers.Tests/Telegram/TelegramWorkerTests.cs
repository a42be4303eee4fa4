using System.Text.Json.Nodes;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Telegram;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests.Telegram;

/// <summary>The Telegram worker against the fake Bot API and a real Redis: platform → inbound stream, outbound stream → platform.</summary>
public sealed class TelegramWorkerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeTelegramServer _telegram = null!;
    private FakeTelegramBot _bot = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        _bot = _telegram.AddBot();
    }

    public async ValueTask DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Task<WorkerHost> StartWorkerAsync(Dictionary<string, string?>? extra = null, string? stateDir = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["channels:telegram:botToken"] = _bot.Token,
            ["channels:telegram:apiRoot"] = _telegram.BaseUrl,
            ["channels:telegram:pollTimeoutSeconds"] = "2",
        };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value;
        }

        return WorkerHost.StartAsync("telegram", _redis.ConnectionString, config, stateDir);
    }

    [Fact]
    public async Task A_direct_message_reaches_the_inbound_stream_normalised()
    {
        await using var worker = await StartWorkerAsync();

        var messageId = _bot.UserSends(4242, "hello there", replyToBot: true);

        var inbound = Assert.Single(await Streams.WaitForInboundAsync(Db, 1));
        Assert.Equal("telegram", inbound.Channel);
        Assert.Equal("default", inbound.AccountId);
        Assert.Equal(ChatType.Direct, inbound.ChatType);
        Assert.Equal("4242", inbound.ChatId);
        Assert.Equal("4242", inbound.Sender.Id);
        Assert.Equal("Ada", inbound.Sender.Name);
        Assert.Equal("hello there", inbound.Text);
        Assert.Equal($"4242:{messageId}", inbound.PlatformMessageId);
        Assert.True(inbound.WasMentioned, "a reply to the bot counts as addressing it");
        Assert.Equal("earlier message", inbound.ReplyTo?.Text);
    }

    [Fact]
    public async Task Updates_it_does_not_act_on_and_malformed_ones_are_skipped_and_the_worker_keeps_running()
    {
        await using var worker = await StartWorkerAsync();

        _bot.IgnoredUpdates(4242);
        _bot.UserEdits(4242, 3, "edited text");
        _bot.BotOwnMessage(-100777, "my own words");
        _bot.EnqueueRaw(new JsonObject { ["message"] = new JsonObject { ["message_id"] = "not-a-number", ["chat"] = "broken" } });
        _bot.EnqueueRaw(new JsonObject { ["brand_new_update_kind"] = new JsonObject { ["x"] = 1 } });
        _bot.UserSends(4242, "the real one");

        var inbound = Assert.Single(await Streams.WaitForInboundAsync(Db, 1));
        Assert.Equal("the real one", inbound.Text);
        await Streams.WaitUntilAsync(() => Task.FromResult(_bot.PendingUpdates == 0), "the fake saw every update confirmed");
        Assert.Equal(1, await Db.StreamLengthAsync(Streams.Names.Inbound));
    }

    [Fact]
    public async Task Group_mentions_and_forum_topics_are_reported()
    {
        await using var worker = await StartWorkerAsync();

        _bot.UserMentionsBot(-1001234, 55, "what is up", threadId: 77);
        _bot.UserSends(-1001234, "just chatting", fromId: 56, chatType: "supergroup");

        var inbound = await Streams.WaitForInboundAsync(Db, 2);
        Assert.Equal(ChatType.Group, inbound[0].ChatType);
        Assert.True(inbound[0].WasMentioned);
        Assert.Equal("77", inbound[0].ThreadId);
        Assert.Equal("55", inbound[0].Sender.Id);
        Assert.False(inbound[1].WasMentioned);
        Assert.Null(inbound[1].ThreadId);
    }

    [Fact]
    public async Task Photos_documents_and_voice_are_downloaded_to_inbound_media()
    {
        await using var worker = await StartWorkerAsync();
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 1, 2, 3 };
        var voice = new byte[] { 0x4F, 0x67, 0x67, 0x53, 9 };

        _bot.UserSendsFile(4242, "photo", photo, caption: "look");
        _bot.UserSendsFile(4242, "document", "report"u8.ToArray(), fileName: "report.txt", mimeType: "text/plain");
        _bot.UserSendsFile(4242, "voice", voice);

        var inbound = await Streams.WaitForInboundAsync(Db, 3);
        var photoRef = Assert.Single(inbound[0].Media);
        Assert.Equal("photo", photoRef.Kind);
        Assert.Equal("look", inbound[0].Text);
        Assert.Equal(photo, await File.ReadAllBytesAsync(photoRef.Path!, TestContext.Current.CancellationToken));
        Assert.StartsWith(Path.Combine(worker.StateDir, "media", "inbound"), photoRef.Path);
        var document = Assert.Single(inbound[1].Media);
        Assert.Equal("report.txt", document.FileName);
        Assert.Equal("report", await File.ReadAllTextAsync(document.Path!, TestContext.Current.CancellationToken));
        Assert.Equal(voice, await File.ReadAllBytesAsync(Assert.Single(inbound[2].Media).Path!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_offset_is_persisted_so_a_restarted_worker_does_not_publish_again()
    {
        var stateDir = Directory.CreateTempSubdirectory("openclaw-worker-").FullName;
        await using (var worker = await StartWorkerAsync(stateDir: stateDir))
        {
            _bot.UserSends(4242, "first");
            await Streams.WaitForInboundAsync(Db, 1);
        }

        var offsetFile = Path.Combine(stateDir, "telegram", "update-offset-default.json");
        Assert.Contains("\"lastUpdateId\"", await File.ReadAllTextAsync(offsetFile, TestContext.Current.CancellationToken));

        await using (var worker = await StartWorkerAsync(stateDir: stateDir))
        {
            _bot.UserSends(4242, "second");
            var inbound = await Streams.WaitForInboundAsync(Db, 2);
            Assert.Equal(["first", "second"], inbound.Select(m => m.Text));
        }
    }

    [Fact]
    public async Task A_long_markdown_reply_is_sent_in_html_chunks_replying_in_the_right_topic()
    {
        await using var worker = await StartWorkerAsync();
        var paragraphs = Enumerable.Range(1, 30).Select(i => $"Paragraph {i} has **bold** words. " + new string('x', 250));
        var text = string.Join("\n\n", paragraphs);

        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "-1001234", text, threadId: "77", replyTo: "-1001234:15"));

        var sent = await _bot.WaitForSentAsync(s => s.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.All(sent, m => Assert.True(m.Text.Length <= 4096));
        Assert.All(sent, m => Assert.Equal("HTML", m.ParseMode, ignoreCase: true));
        Assert.All(sent, m => Assert.Equal(77, m.MessageThreadId));
        Assert.Equal(15, sent[0].ReplyToMessageId);
        Assert.All(sent.Skip(1), m => Assert.Null(m.ReplyToMessageId));
        Assert.Contains("<b>bold</b>", sent[0].Text);
        Assert.StartsWith("Paragraph 1 ", sent[0].Text);
        Assert.Contains("Paragraph 30 ", sent[^1].Text);
        // Every paragraph arrives exactly once, in order.
        var all = string.Join("\n\n", sent.Select(m => m.Text));
        Assert.Equal(30, Enumerable.Range(1, 30).Count(i => all.Contains($"Paragraph {i} has", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_telegram_rejects_the_entities_the_chunk_is_sent_as_plain_text()
    {
        await using var worker = await StartWorkerAsync();

        // Overlapping emphasis converts to crossing tags, which the Bot API refuses.
        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "**x *y** z*"));

        var sent = Assert.Single(await _bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30)));
        Assert.Null(sent.ParseMode);
        Assert.Equal("**x *y** z*", sent.Text);
    }

    [Fact]
    public async Task A_429_is_waited_out_and_the_reply_still_arrives()
    {
        await using var worker = await StartWorkerAsync();
        _bot.RateLimitNextSends(1, retryAfterSeconds: 1);

        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "after the limit"));

        var sent = Assert.Single(await _bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("after the limit", sent.Text);
    }

    [Fact]
    public async Task A_redelivered_reply_with_the_same_idempotency_key_is_sent_once()
    {
        await using var worker = await StartWorkerAsync();

        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "only once", key: "reply-1"));
        await _bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30));
        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "only once", key: "reply-1"));
        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "marker", key: "reply-2"));

        var sent = await _bot.WaitForSentAsync(s => s.Any(m => m.Text == "marker"), TimeSpan.FromSeconds(30));
        Assert.Equal(1, sent.Count(m => m.Text == "only once"));
        Assert.True(await Db.KeyExistsAsync(Streams.Names.Sent("reply-1")));
    }

    [Fact]
    public async Task Refused_and_malformed_entries_go_to_the_dead_letter_stream()
    {
        await using var worker = await StartWorkerAsync();
        _bot.BlockedChats[999] = true;

        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "999", "to a blocked chat"));
        await Db.StreamAddAsync(Streams.Names.Outbound("telegram"), [new("type", ChannelMessageTypes.OutboundMessage), new("envelope", "{not json")]);
        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "still works"));

        var dead = await Streams.WaitForDeadLettersAsync(Db, 2);
        Assert.Contains(dead, d => d.Reason.Contains("blocked", StringComparison.Ordinal));
        Assert.Contains(dead, d => d.Reason.Contains("not a valid envelope", StringComparison.Ordinal));
        await _bot.WaitForSentAsync(s => s.Any(m => m.Text == "still works"), TimeSpan.FromSeconds(30));

        // The worker acknowledges right after the platform accepted the send, so allow it that moment.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var pending = await Db.StreamPendingAsync(Streams.Names.Outbound("telegram"), "channel-telegram");
        while (pending.PendingMessageCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            pending = await Db.StreamPendingAsync(Streams.Names.Outbound("telegram"), "channel-telegram");
        }

        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task Entries_left_pending_by_a_dead_worker_are_claimed_and_sent()
    {
        var stream = Streams.Names.Outbound("telegram");
        await Db.StreamCreateConsumerGroupAsync(stream, "channel-telegram", "0-0", createStream: true);
        await Streams.PublishAsync(Db, "telegram", Streams.Reply("telegram", "4242", "orphaned reply"));
        // A worker that read the entry and died before sending it.
        var taken = await Db.StreamReadGroupAsync(stream, "channel-telegram", "telegram-deadhost-1", ">", 10);
        Assert.Single(taken);

        await using var worker = await StartWorkerAsync();

        var sent = await _bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal("orphaned reply", sent[0].Text);
    }

    [Fact]
    public async Task Typing_and_reactions_reach_the_chat()
    {
        await using var worker = await StartWorkerAsync();
        var target = new OutboundTarget { Channel = "telegram", AccountId = "default", ChatId = "-1001234", ThreadId = "77" };

        await Streams.PublishActionAsync(Db, "telegram", new ChannelAction { Kind = ChannelActionKind.Typing, Target = target });
        await Streams.PublishActionAsync(Db, "telegram", new ChannelAction { Kind = ChannelActionKind.Reaction, Target = target, MessageId = "-1001234:15", Emoji = "👀" });

        await Streams.WaitUntilAsync(() => Task.FromResult(_bot.Actions.Count >= 2), "typing and reaction arrived");
        Assert.Contains(_bot.Actions, a => a is { Method: "sendChatAction", Value: "typing", MessageThreadId: 77 });
        Assert.Contains(_bot.Actions, a => a is { Method: "setMessageReaction", Value: "👀", MessageId: 15 });
    }

    [Fact]
    public async Task Status_is_published_to_redis_with_the_bot_name()
    {
        await using var worker = await StartWorkerAsync();
        var key = Streams.Names.ChannelStatus("telegram", "default");

        await Streams.WaitUntilAsync(async () => await Db.HashGetAsync(key, "connected") == "true", "status says connected");
        Assert.Equal("polling", (string?)await Db.HashGetAsync(key, "mode"));
        Assert.Equal(_bot.Username, (string?)await Db.HashGetAsync(key, "botUsername"));
        Assert.NotNull(await Db.KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task A_rejected_token_is_reported_in_status_and_the_worker_keeps_serving()
    {
        await using var worker = await StartWorkerAsync(new() { ["channels:telegram:botToken"] = "123:wrong" });
        var key = Streams.Names.ChannelStatus("telegram", "default");

        await Streams.WaitUntilAsync(async () => ((string?)await Db.HashGetAsync(key, "lastError"))?.Contains("botToken", StringComparison.Ordinal) == true,
            "status names the bad token setting");
        Assert.Equal("false", (string?)await Db.HashGetAsync(key, "connected"));
        Assert.DoesNotContain("123:wrong", (string?)await Db.HashGetAsync(key, "lastError"));
    }

    [Fact]
    public async Task Webhook_mode_refuses_a_wrong_secret_and_publishes_a_signed_update()
    {
        var port = FreePort.Next();
        await using var worker = await StartWorkerAsync(new()
        {
            ["channels:telegram:webhookUrl"] = "https://bot.example.test/telegram-webhook",
            ["channels:telegram:webhookSecret"] = "s3cret-token",
            ["channels:telegram:webhookPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Streams.WaitUntilAsync(() => Task.FromResult(_bot.WebhookSecret == "s3cret-token"), "the worker registered its webhook");
        Assert.Equal("https://bot.example.test/telegram-webhook", _bot.WebhookUrl);

        _bot.UserSends(4242, "via webhook");
        // The public URL would be a reverse proxy in front of this loopback listener.
        var local = $"http://127.0.0.1:{port}/telegram-webhook";

        Assert.Equal([401], await _bot.DeliverWebhooksAsync(secretOverride: "wrong", deliverTo: local));
        Assert.Equal([200], await _bot.DeliverWebhooksAsync(deliverTo: local));
        var inbound = Assert.Single(await Streams.WaitForInboundAsync(Db, 1));
        Assert.Equal("via webhook", inbound.Text);
    }
}
