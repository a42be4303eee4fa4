using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Discord;
using OpenClaw.Fakes.Slack;
using OpenClaw.Fakes.Telegram;
using OpenClaw.Fakes.Web;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests.Media;

/// <summary>
/// Outbound files on each platform, against the fakes and a real Redis: Telegram sendPhoto / sendVoice /
/// sendDocument by MIME type with the text as caption, Discord multipart attachments (and DMs to <c>user:</c>
/// targets), Slack's external upload flow; URLs Telegram cannot fetch are uploaded by the worker instead.
/// </summary>
public sealed class OutboundMediaTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeWebServer _web = null!;
    private string _files = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
        _web = await FakeWebServer.StartAsync();
        _files = Directory.CreateTempSubdirectory("openclaw-media-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(_files, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static OutboundMedia Local(string path, string kind, string mime) => new() { Kind = kind, MimeType = mime, Path = path, FileName = Path.GetFileName(path) };

    private static OutboundMessage Message(string channel, string chat, string? text, params OutboundMedia[] media) => new()
    {
        Target = new OutboundTarget { Channel = channel, AccountId = "default", ChatId = chat },
        Text = text,
        Media = media,
        IdempotencyKey = Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task Telegram_gets_a_photo_with_its_caption_a_voice_note_and_a_document_each_by_its_method()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        await using var worker = await WorkerHost.StartAsync("telegram", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:telegram:botToken"] = bot.Token, ["channels:telegram:apiRoot"] = telegram.BaseUrl, ["channels:telegram:pollTimeoutSeconds"] = "1",
        });
        var photo = File("chart.png", Png);
        var voice = File("note.ogg", [0x4F, 0x67, 0x67, 0x53, 9, 9]);
        var pdf = File("report.pdf", [0x25, 0x50, 0x44, 0x46, 7]);

        await Streams.PublishAsync(Db, "telegram", Message("telegram", "4242", "**weekly** chart",
            Local(photo, "photo", "image/png"), Local(voice, "voice", "audio/ogg"), Local(pdf, "document", "application/pdf")));

        var sent = await bot.WaitForSentAsync(s => s.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.Equal(["sendPhoto", "sendVoice", "sendDocument"], sent.Select(m => m.Method));
        Assert.Equal("<b>weekly</b> chart", sent[0].Text);
        Assert.Equal("HTML", sent[0].ParseMode, ignoreCase: true);
        Assert.Equal(["", ""], sent.Skip(1).Select(m => m.Text));
        Assert.All(sent, m => Assert.Equal(("upload", 4242L), (m.File!.Source, m.ChatId)));
        Assert.Equal(Png, sent[0].File!.Content);
        Assert.Equal("report.pdf", sent[2].File!.FileName);
    }

    [Fact]
    public async Task A_url_telegram_can_fetch_is_passed_on_and_one_it_refuses_is_uploaded_by_the_worker_and_a_long_text_goes_first()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        await using var worker = await WorkerHost.StartAsync("telegram", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:telegram:botToken"] = bot.Token, ["channels:telegram:apiRoot"] = telegram.BaseUrl, ["channels:telegram:pollTimeoutSeconds"] = "1",
        });
        var fetchable = _web.Serve("/docs/manual.pdf", [0x25, 0x50, 0x44, 0x46, 1], "application/pdf");
        // Served with a generic type: Telegram will not take it as a photo from the URL.
        var untyped = _web.Serve("/img/cat.png", Png, "application/octet-stream");
        var longText = string.Join(' ', Enumerable.Repeat("word", 300));

        await Streams.PublishAsync(Db, "telegram", Message("telegram", "4242", longText,
            new OutboundMedia { Kind = "document", MimeType = "application/pdf", Url = fetchable },
            new OutboundMedia { Kind = "photo", MimeType = "image/png", Url = untyped }));

        var sent = await bot.WaitForSentAsync(s => s.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.Equal(["sendMessage", "sendDocument", "sendPhoto"], sent.Select(m => m.Method));
        Assert.Equal(longText, sent[0].Text);
        Assert.Equal(("url", fetchable), (sent[1].File!.Source, sent[1].File!.Url));
        Assert.Equal(("upload", "cat.png"), (sent[2].File!.Source, sent[2].File!.FileName));
        Assert.Equal(Png, sent[2].File!.Content);
    }

    [Fact]
    public async Task A_photo_over_telegrams_10_mb_goes_as_a_document_and_a_missing_file_goes_to_the_dead_letter_stream()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var bot = telegram.AddBot();
        await using var worker = await WorkerHost.StartAsync("telegram", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:telegram:botToken"] = bot.Token, ["channels:telegram:apiRoot"] = telegram.BaseUrl, ["channels:telegram:pollTimeoutSeconds"] = "1",
        });
        var big = new byte[(int)FakeTelegramBot.MaxPhotoBytes + 1024];
        Png.CopyTo(big, 0);
        var huge = File("huge.png", big);

        await Streams.PublishAsync(Db, "telegram", Message("telegram", "4242", null, Local(Path.Combine(_files, "gone.png"), "photo", "image/png")));
        await Streams.PublishAsync(Db, "telegram", Message("telegram", "4243", "big one", Local(huge, "photo", "image/png")));

        var sent = Assert.Single(await bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(("sendDocument", "big one", big.Length), (sent.Method, sent.Text, sent.File!.Content.Length));
        var dead = Assert.Single(await Streams.WaitForDeadLettersAsync(Db, 1));
        Assert.Contains("gone.png does not exist", dead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_gets_the_text_and_files_as_one_multipart_message_and_a_user_target_opens_a_dm()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var worker = await WorkerHost.StartAsync("discord", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:discord:token"] = discord.Token, ["channels:discord:apiBaseUrl"] = discord.ApiBaseUrl, ["channels:discord:gatewayUrl"] = discord.GatewayUrl,
        });
        var photo = File("chart.png", Png);
        var remote = _web.Serve("/files/notes.txt", "hello"u8.ToArray(), "text/plain");

        await Streams.PublishAsync(Db, "discord", Message("discord", "channel:1300000000000000001", "here you go",
            Local(photo, "photo", "image/png"), new OutboundMedia { Kind = "document", Url = remote }));
        await Streams.PublishAsync(Db, "discord", Message("discord", "user:1400000000000000009", "psst"));

        var sent = await discord.WaitForSentAsync(s => s.Count >= 2, TimeSpan.FromSeconds(30));
        var withFiles = sent.Single(m => m.ChannelId == "1300000000000000001");
        Assert.Equal("here you go", withFiles.Content);
        Assert.Equal([("files[0]", "chart.png", "image/png"), ("files[1]", "notes.txt", "text/plain")],
            withFiles.Attachments.Select(a => (a.FieldName, a.FileName, a.ContentType!)));
        Assert.Equal(Png, withFiles.Attachments[0].Content);
        var dm = sent.Single(m => m.Content == "psst");
        Assert.Equal(discord.DmChannels["1400000000000000009"], dm.ChannelId);
    }

    [Fact]
    public async Task Slack_gets_files_through_the_external_upload_flow_in_the_thread_or_the_users_dm()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        await using var worker = await WorkerHost.StartAsync("slack", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:slack:botToken"] = slack.BotToken, ["channels:slack:appToken"] = slack.AppToken, ["channels:slack:apiBaseUrl"] = slack.ApiBaseUrl,
        });
        var pdf = File("report.pdf", [0x25, 0x50, 0x44, 0x46, 3]);
        var message = Message("slack", "C0CHANNEL1", "the report", Local(pdf, "document", "application/pdf")) with
        {
            Target = new OutboundTarget { Channel = "slack", AccountId = "default", ChatId = "C0CHANNEL1", ThreadId = "1700000000.000100" },
        };

        await Streams.PublishAsync(Db, "slack", message);
        await Streams.PublishAsync(Db, "slack", Message("slack", "U0USER0042", null, Local(pdf, "document", "application/pdf")));

        await Streams.WaitUntilAsync(() => Task.FromResult(slack.Uploads.Count >= 2), "both files are shared");
        var upload = slack.Uploads.Single(u => u.Channel == "C0CHANNEL1");
        Assert.Equal(("report.pdf", "1700000000.000100"), (upload.FileName, upload.ThreadTs));
        Assert.Equal([0x25, 0x50, 0x44, 0x46, 3], upload.Content);
        Assert.Equal("the report", Assert.Single(slack.Posted).Text);
        // A user target: the file lands in the DM conversation Slack opened for that user.
        Assert.Single(slack.Uploads, u => u.Channel == slack.DirectMessages["U0USER0042"]);
    }
}
