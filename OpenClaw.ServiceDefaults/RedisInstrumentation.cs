using System.Diagnostics;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Spans for the Redis commands OpenClaw.NET sends. The OpenTelemetry StackExchange.Redis
/// instrumentation is not served here, so callers wrap their commands in <see cref="StartCommand"/>;
/// attribute names follow the OpenTelemetry database conventions.
/// </summary>
public static class RedisInstrumentation
{
    public const string ActivitySourceName = "OpenClaw.Redis";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    public static Activity? StartCommand(string command, RedisKey key, ActivityKind kind = ActivityKind.Client)
    {
        var activity = Source.StartActivity($"{command} {key}", kind);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", command);
            activity.SetTag("db.collection.name", (string?)key);
        }

        return activity;
    }

    /// <summary>Runs <paramref name="call"/> inside a span named after the command and key.</summary>
    public static async Task<T> TraceAsync<T>(string command, RedisKey key, Func<Task<T>> call)
    {
        using var activity = StartCommand(command, key);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }
    }
}
