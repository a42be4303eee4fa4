using System.Diagnostics;

namespace OpenClaw.Bench.SideBySide;

/// <summary>Time-boxed measurements over a chat driver. Conversations rotate every 20 turns, as in bench/gateway-core.</summary>
internal static class Measure
{
    private const int TurnsPerConversation = 20;

    public sealed record Outcome(int Turns, int Errors, double Seconds, List<double> LatenciesMs, string? FirstError)
    {
        public double TurnsPerSecond => Turns / Seconds;
    }

    /// <summary>One session, one turn after another, for <paramref name="duration"/> (at least <paramref name="minTurns"/>).</summary>
    public static Task<Outcome> SequentialAsync(IChatDriver driver, string tag, TimeSpan duration, int minTurns, CancellationToken cancellationToken) =>
        ParallelAsync(driver, tag, 1, duration, minTurns, cancellationToken);

    /// <summary>
    /// <paramref name="sessions"/> workers, each a session running turns back to back until the time is up; turns/s counts
    /// the turns finished between the start and the moment the last worker finished its last turn.
    /// </summary>
    public static async Task<Outcome> ParallelAsync(IChatDriver driver, string tag, int sessions, TimeSpan duration, int minTurns, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var errors = 0;
        var turns = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(worker => Task.Run(async () =>
        {
            for (var turn = 0; (clock.Elapsed < duration || Volatile.Read(ref turns) < minTurns) && !cancellationToken.IsCancellationRequested; turn++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await driver.TurnAsync($"agent:main:bench-{tag}-{worker}-{turn / TurnsPerConversation}", cancellationToken);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }

                    Interlocked.Increment(ref turns);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                    if (Interlocked.Increment(ref errors) > 200)
                    {
                        return;
                    }

                    await Task.Delay(100, cancellationToken);
                }
            }
        }, cancellationToken)));
        return new Outcome(turns, errors, clock.Elapsed.TotalSeconds, latencies, firstError);
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }
}
