using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ServiceDefaults.Tests;

public sealed class RedisClientTests
{
    [Fact]
    public async Task Connects_to_the_redis_named_by_ConnectionStrings_redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = await StartServiceAsync(redis.ConnectionString);

        var db = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await db.StringSetAsync("greeting", "hello");

        await using var direct = await redis.ConnectAsync();
        Assert.Equal("hello", (string?)await direct.GetDatabase().StringGetAsync("greeting"));
        Assert.Equal(HttpStatusCode.OK, await HealthAsync(app));
    }

    [Fact]
    public async Task A_service_whose_redis_is_down_starts_unhealthy_and_becomes_healthy_when_redis_comes_up()
    {
        var port = FreePort.Next();
        await using var app = await StartServiceAsync($"127.0.0.1:{port},connectTimeout=1000");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await HealthAsync(app));
        Assert.Equal(HttpStatusCode.OK, await AliveAsync(app));

        await using var redis = await RedisServer.StartAsync(port: port);

        var deadline = DateTime.UtcNow.AddSeconds(45);
        var status = HttpStatusCode.ServiceUnavailable;
        while (DateTime.UtcNow < deadline && status != HttpStatusCode.OK)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            status = await HealthAsync(app);
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public void A_missing_connection_string_names_the_setting_to_fix()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddRedisClient("redis");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IConnectionMultiplexer>());
        Assert.Contains("ConnectionStrings__redis", error.Message);
    }

    private static async Task<WebApplication> StartServiceAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = connectionString });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> HealthAsync(WebApplication app)
    {
        using var http = new HttpClient();
        return (await http.GetAsync(app.Urls.First() + "/health")).StatusCode;
    }

    private static async Task<HttpStatusCode> AliveAsync(WebApplication app)
    {
        using var http = new HttpClient();
        return (await http.GetAsync(app.Urls.First() + "/alive")).StatusCode;
    }
}
