namespace OpenClaw.Dashboard.Components.Shared;

/// <summary>A stable colour per resource, so a service looks the same on every page.</summary>
public static class Palette
{
    private static readonly string[] Colors =
        ["#7c5cff", "#2fb5a5", "#f0883e", "#3b8eea", "#e5534b", "#c297ff", "#57ab5a", "#d4a72c", "#ec6cb9", "#6cb6ff"];

    public static string For(string resource)
    {
        var hash = 17;
        foreach (var c in resource)
        {
            hash = unchecked((hash * 31) + c);
        }

        return Colors[(hash & 0x7fffffff) % Colors.Length];
    }

    public static string StateClass(string state) => state switch
    {
        "Running" => "ok",
        "Starting" or "Waiting" or "Stopping" => "info",
        "Unhealthy" or "Disabled" => "warn",
        "Exited" or "FailedToStart" => "error",
        _ => "info",
    };

    public static string LevelClass(string level) => level switch
    {
        "Error" or "Critical" => "error",
        "Warning" => "warn",
        "Debug" or "Trace" => "muted",
        _ => "info",
    };

    public static string Duration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => $"{duration.TotalMicroseconds:0}μs",
        < 1000 => $"{duration.TotalMilliseconds:0.##}ms",
        _ => $"{duration.TotalSeconds:0.##}s",
    };
}
