using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace OpenClaw.ServiceDefaults.Tests;

public sealed class ServiceDefaultsTelemetryTests
{
    [Fact]
    public async Task Exports_request_spans_to_the_otlp_endpoint_when_one_is_configured()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var serviceName = "svc-" + Guid.NewGuid().ToString("N")[..8];

        await using (var app = await StartServiceAsync(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=replica-7",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=secret-key",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        }))
        {
            using var http = new HttpClient();
            var answer = await http.GetStringAsync(app.Urls.First() + "/hello", TestContext.Current.CancellationToken);
            Assert.Equal("hi", answer);
        }

        // Disposing the host flushes the batch exporter.
        var traceBodies = receiver.BodiesFor("/v1/traces").ToList();
        Assert.NotEmpty(traceBodies);
        var allTraces = Encoding.UTF8.GetString(traceBodies.SelectMany(b => b).ToArray());
        Assert.Contains(serviceName, allTraces);
        Assert.Contains("replica-7", allTraces);
        Assert.Contains("/hello", allTraces);
        Assert.All(receiver.Requests, r => Assert.Equal("secret-key", r.ApiKey));
    }

    [Fact]
    public async Task Exports_nothing_when_no_otlp_endpoint_is_configured()
    {
        // Listen where an unconditional exporter would send by default (localhost:4318, OTLP/HTTP).
        OtlpReceiver receiver;
        try
        {
            receiver = await OtlpReceiver.StartAsync("http://localhost:4318");
        }
        catch (IOException ex) when (ex.InnerException is SocketException || ex is IOException)
        {
            Assert.Skip("port 4318 is in use on this machine: " + ex.Message);
            return;
        }

        await using (receiver)
        {
            await using (var app = await StartServiceAsync(new()
            {
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            }))
            {
                using var http = new HttpClient();
                await http.GetStringAsync(app.Urls.First() + "/hello", TestContext.Current.CancellationToken);
            }

            Assert.Empty(receiver.Requests);
        }
    }

    [Fact]
    public async Task Health_and_alive_endpoints_answer_healthy()
    {
        await using var app = await StartServiceAsync([]);
        using var http = new HttpClient();

        var health = await http.GetAsync(app.Urls.First() + "/health", TestContext.Current.CancellationToken);
        var alive = await http.GetAsync(app.Urls.First() + "/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private static async Task<WebApplication> StartServiceAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "OpenClaw.ServiceDefaults.Tests",
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/hello", () => Results.Text("hi"));
        await app.StartAsync();
        return app;
    }
}
