using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Gateway.Models;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Runs;

/// <summary>
/// One run of the agent loop (spec §4.8 steps 6–9): stream the model, fail over on rate limits / overload /
/// timeouts, execute tool calls, loop until the model stops (bounded by <see cref="MaxToolIterations"/>), and
/// persist every message to the transcript as it happens.
/// </summary>
internal sealed class AgentTurn(
    RunState run,
    ISessionStore store,
    IModelProviders providers,
    ModelCooldowns cooldowns,
    IReadOnlyList<ModelRef> candidates,
    IReadOnlyList<AgentToolFunction> tools,
    TimeProvider time)
{
    public const int MaxToolIterations = 32;

    private readonly StringBuilder _visibleText = new();
    private RunUsage _usage = new(0, 0, 0, 0);
    private ModelRef? _lastModel;

    public string PartialText => _visibleText.ToString();

    public RunUsage Usage => _usage;

    public ModelRef? LastModel => _lastModel;

    public async Task<(string Text, string StopReason)> RunAsync(List<ChatMessage> messages, string systemPrompt, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Instructions = systemPrompt,
            Tools = tools.Count > 0 ? [.. tools] : null,
            ToolMode = tools.Count > 0 ? ChatToolMode.Auto : null,
            AllowMultipleToolCalls = tools.Count > 0 ? true : null,
        };

        for (var iteration = 0; ; iteration++)
        {
            if (iteration >= MaxToolIterations)
            {
                throw new InvalidOperationException($"stopped after {MaxToolIterations} tool-call rounds without a final answer (possible tool loop)");
            }

            var (assistant, finish, model) = await StreamWithFailoverAsync(messages, options, cancellationToken).ConfigureAwait(false);
            messages.Add(assistant);
            var calls = assistant.Contents.OfType<FunctionCallContent>().ToList();
            var text = assistant.Text;
            var stopReason = calls.Count > 0 ? "toolUse" : finish == ChatFinishReason.Length ? "length" : "stop";
            await store.AppendMessageAsync(run.SessionKey, ToTranscript(assistant, model, stopReason), CancellationToken.None).ConfigureAwait(false);
            if (calls.Count == 0)
            {
                return (text, stopReason);
            }

            foreach (var call in calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await InvokeToolAsync(call, cancellationToken).ConfigureAwait(false);
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result.Text)]));
            }
        }
    }

    private async Task<(ChatMessage Message, ChatFinishReason? Finish, ModelRef Model)> StreamWithFailoverAsync(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var ordered = candidates.OrderBy(c => cooldowns.CooldownUntil(c) is null ? 0 : 1).ToList();
        var failures = new List<string>();
        ModelRef? previous = null;
        string? previousReason = null;
        foreach (var model in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.Emit(e => new RunModelSelected(model.Provider, model.Model, previous?.ToString(), previousReason) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
            var emittedAny = false;
            try
            {
                var client = providers.GetChatClient(model, run.Accepted.AgentId);
                var updates = new List<ChatResponseUpdate>();
                var itemText = new StringBuilder();
                await foreach (var update in client.GetStreamingResponseAsync(messages, WithModel(options, model), cancellationToken).ConfigureAwait(false))
                {
                    updates.Add(update);
                    var delta = update.Text;
                    if (delta.Length > 0)
                    {
                        emittedAny = true;
                        itemText.Append(delta);
                        _visibleText.Append(delta);
                        var snapshot = itemText.ToString();
                        run.Emit(e => new AssistantDelta(delta, snapshot) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
                    }
                }

                var response = updates.ToChatResponse();
                if (response.Usage is { } usage)
                {
                    _usage = _usage.Add(new RunUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, 0));
                }

                cooldowns.RecordSuccess(model);
                _lastModel = model;
                var message = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant) ?? new ChatMessage(ChatRole.Assistant, "");
                message.Contents = [.. response.Messages.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.Contents).Where(c => c is TextContent or FunctionCallContent or TextReasoningContent)];
                return (message, response.FinishReason, model);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !emittedAny && (ModelErrorClassifier.Classify(ex) is not null || ex is ModelProviderException))
            {
                var reason = ModelErrorClassifier.Classify(ex);
                if (reason is not null)
                {
                    cooldowns.RecordFailure(model, reason.Value);
                }

                failures.Add($"{model}: {Describe(ex)}");
                (previous, previousReason) = (model, reason?.ToString() ?? "unavailable");
            }
        }

        throw new ModelFailoverException(failures);
    }

    private static ChatOptions WithModel(ChatOptions options, ModelRef model)
    {
        options.ModelId = model.Model;
        return options;
    }

    private async Task<Tools.ToolResult> InvokeToolAsync(FunctionCallContent call, CancellationToken cancellationToken)
    {
        var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        run.Emit(e => new ToolCallStarted(call.CallId, call.Name, arguments) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        Tools.ToolResult result;
        var tool = tools.FirstOrDefault(t => t.Name == call.Name);
        if (tool is null)
        {
            result = Tools.ToolResult.Error($"Tool {call.Name} not found");
        }
        else
        {
            try
            {
                result = await tool.InvokeToolAsync(arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = Tools.ToolResult.Error($"{call.Name} failed: {ex.Message}");
            }
        }

        run.Emit(e => new ToolCallCompleted(call.CallId, call.Name, result.Text, result.IsError, result.Details) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        await store.AppendMessageAsync(run.SessionKey, new TranscriptMessage
        {
            Role = "toolResult",
            ToolCallId = call.CallId,
            ToolName = call.Name,
            Content = [ContentBlock.FromText(result.Text)],
            IsError = result.IsError,
            Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private TranscriptMessage ToTranscript(ChatMessage message, ModelRef model, string stopReason)
    {
        var blocks = new List<ContentBlock>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextReasoningContent reasoning when reasoning.Text.Length > 0:
                    blocks.Add(new ContentBlock { Type = "thinking", Thinking = reasoning.Text });
                    break;
                case TextContent text when text.Text.Length > 0:
                    if (blocks.LastOrDefault() is { Type: "text" } last)
                    {
                        blocks[^1] = last with { Text = last.Text + text.Text };
                    }
                    else
                    {
                        blocks.Add(ContentBlock.FromText(text.Text));
                    }

                    break;
                case FunctionCallContent call:
                    blocks.Add(new ContentBlock
                    {
                        Type = "toolCall",
                        Id = call.CallId,
                        Name = call.Name,
                        Arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
                    });
                    break;
            }
        }

        return new TranscriptMessage
        {
            Role = "assistant",
            Content = blocks,
            Api = ApiOf(model),
            Provider = model.Provider,
            Model = model.Model,
            Usage = new TranscriptUsage { Input = _usage.Input, Output = _usage.Output, CacheRead = _usage.CacheRead, CacheWrite = _usage.CacheWrite, TotalTokens = _usage.Total },
            StopReason = stopReason,
            Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    internal static string ApiOf(ModelRef model) => model.Provider == "anthropic" ? "anthropic-messages" : "openai-completions";

    private static string Describe(Exception ex) => ModelErrorClassifier.Classify(ex) switch
    {
        FailoverReason.RateLimit => "rate limited (429)",
        FailoverReason.Overloaded => "overloaded",
        FailoverReason.Timeout => "timed out",
        FailoverReason.Auth => "authentication failed (check the API key)",
        FailoverReason.Billing => "billing problem (402)",
        FailoverReason.ServerError => $"server error: {FirstLine(ex.Message)}",
        _ => FirstLine(ex.Message),
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>Every model in the fallback chain failed ("All models failed (n): ...").</summary>
public sealed class ModelFailoverException(IReadOnlyList<string> failures)
    : Exception(failures.Count == 1 ? $"Model failed: {failures[0]}" : $"All models failed ({failures.Count}): {string.Join("; ", failures)}")
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
