using System.Globalization;

namespace OpenClaw.Bench.SideBySide;

/// <summary>Command-line options; <c>--quick</c> shrinks every figure so the suite runs in a few minutes.</summary>
internal sealed record BenchOptions
{
    public int Runs { get; init; } = 5;

    /// <summary>How long each throughput/latency measurement runs, per run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    public int MinSequentialTurns { get; init; } = 20;

    /// <summary>Time after which a measurement is not repeated any more (a slow system gets fewer repetitions).</summary>
    public TimeSpan MeasureBudget { get; init; } = TimeSpan.FromSeconds(30);

    public int TurnTarget { get; init; } = 10_000;

    /// <summary>Cap on the time spent topping a gateway up to <see cref="TurnTarget"/> turns (a slow gateway records fewer).</summary>
    public TimeSpan TurnTargetCap { get; init; } = TimeSpan.FromSeconds(60);

    public int IdleConnections { get; init; } = 5_000;

    public TimeSpan IdleConnectionsCap { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> Systems { get; init; } = ["upstream", "ours"];

    public bool Quick { get; init; }

    public string UpstreamDir { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "openclaw-ref");

    public string? OutDir { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        if (args.Contains("--quick"))
        {
            options = options with
            {
                Quick = true, Runs = 1, Duration = TimeSpan.FromSeconds(1), MinSequentialTurns = 10, TurnTarget = 2_000,
                TurnTargetCap = TimeSpan.FromSeconds(20), MeasureBudget = TimeSpan.FromSeconds(10), IdleConnections = 1_000, IdleConnectionsCap = TimeSpan.FromSeconds(60), IdleSettle = TimeSpan.FromSeconds(5),
            };
        }

        for (var i = 0; i < args.Length - 1; i++)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--turns" => options with { TurnTarget = int.Parse(value, CultureInfo.InvariantCulture) },
                "--connections" => options with { IdleConnections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--systems" => options with { Systems = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--upstream-dir" => options with { UpstreamDir = value },
                "--out" => options with { OutDir = value },
                _ => options,
            };
        }

        return options;
    }
}
