using System.Text;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Http;

public class StreamingAbortTests
{
    [Fact]
    public async Task Client_closing_the_sse_stream_aborts_the_run_and_the_model_call()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(fallbacks: ""));
        fakes.OpenAi.Enqueue(FakeModelReply.Hang("partial answer"));
        var ct = TestContext.Current.CancellationToken;

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions"))
        {
            request.Content = new StringContent("""{"model":"openclaw","stream":true,"messages":[{"role":"user","content":"go"}]}""", Encoding.UTF8, "application/json");
            request.Headers.Add("x-openclaw-session-key", "sse");
            using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            var first = await reader.ReadLineAsync(ct);
            Assert.Contains("partial answer", first, StringComparison.Ordinal);
        } // the client goes away mid-stream

        await Poll.UntilAsync(() => fakes.OpenAi.InFlight == 0, "the model stream to be cancelled");
        var store = gateway.Get<ISessionStores>().For("main");
        var transcript = await Poll.UntilAsync(
            async () => (await store.ReadTranscriptAsync("agent:main:sse", ct)) is { Count: 2 } t ? t : null,
            "the aborted turn to be persisted");
        Assert.Equal(("aborted", "partial answer"), (transcript[1].Message!.StopReason, transcript[1].Message!.Text));
    }
}
