using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenClaw.AppHost.Tests;

/// <summary>
/// The real AppHost, started the way a user starts it (<c>dotnet run --project OpenClaw.AppHost</c>,
/// here with <c>--no-build</c> because the test build already built it and every service), with a
/// throw-away HOME holding an OpenClaw config. Reads the login URL from its console output and
/// talks to the dashboard's JSON API with the browser token.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Lock _lock = new();

    private AppHostProcess(Process process, string home)
    {
        _process = process;
        Home = home;
    }

    public string Home { get; }

    public int DotnetRunPid => _process.Id;

    public Uri DashboardUrl { get; private set; } = default!;

    public string BrowserToken { get; private set; } = "";

    public HttpClient Api { get; private set; } = default!;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lock)
            {
                return [.. _output];
            }
        }
    }

    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenClaw.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("OpenClaw.sln not found above the test output folder.");
        }
    }

    internal static string Configuration =>
        typeof(AppHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Starts the AppHost with <paramref name="openClawConfig"/> as ~/.openclaw/openclaw.json.</summary>
    public static async Task<AppHostProcess> StartAsync(string openClawConfig, CancellationToken cancellationToken, params string[] appHostArgs)
    {
        var home = Directory.CreateTempSubdirectory("openclaw-apphost-test-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".openclaw"));
        await File.WriteAllTextAsync(Path.Combine(home, ".openclaw", "openclaw.json"), openClawConfig, cancellationToken);

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", "--no-build", "-c", Configuration, "--project", "OpenClaw.AppHost", "--" }.Concat(appHostArgs))
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["HOME"] = home;
        startInfo.Environment["DOTNET_CLI_HOME"] = home;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "OPENCLAW_CONFIG_PATH", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL" })
        {
            startInfo.Environment.Remove(inherited);
        }

        var process = new Process { StartInfo = startInfo };
        var host = new AppHostProcess(process, home);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var login = await host.WaitForOutputAsync(LoginLine(), TimeSpan.FromSeconds(120), cancellationToken);
        host.DashboardUrl = new Uri(login.Groups["url"].Value);
        host.BrowserToken = login.Groups["token"].Value;
        host.Api = new HttpClient { BaseAddress = host.DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
        host.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.BrowserToken);
        return host;
    }

    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = Output.Select(line => pattern.Match(line)).FirstOrDefault(m => m.Success);
            if (match is not null)
            {
                return match;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode}:\n{string.Join('\n', Output)}");
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"No line matching {pattern} within {timeout}:\n{string.Join('\n', Output)}");
    }

    public async Task<List<ResourceDto>> ResourcesAsync(CancellationToken cancellationToken) =>
        await Api.GetFromJsonAsync<List<ResourceDto>>("api/resources", JsonOptions, cancellationToken) ?? [];

    public async Task<ResourceDto> ResourceAsync(string name, CancellationToken cancellationToken) =>
        (await ResourcesAsync(cancellationToken)).Single(r => r.Name == name);

    /// <summary>Polls the dashboard API until every resource that is not disabled is Running.</summary>
    public async Task<List<ResourceDto>> WaitForAllRunningAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await PollAsync(async () =>
        {
            var resources = await ResourcesAsync(cancellationToken);
            return resources.Count > 0 && resources.All(r => r.State is "Running" or "Disabled") ? resources : null;
        }, timeout, "all resources Running", cancellationToken);

    public async Task<ResourceDto> WaitForStateAsync(string name, Func<ResourceDto, bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        await PollAsync(async () =>
        {
            var resource = await ResourceAsync(name, cancellationToken);
            return condition(resource) ? resource : null;
        }, timeout, $"{name} reaching the expected state", cancellationToken);

    public static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } result)
                {
                    return result;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}. {last?.Message}");
    }

    /// <summary>The AppHost process itself (the child of <c>dotnet run</c>).</summary>
    public int? AppHostPid() => ProcessInfo.Children(_process.Id).FirstOrDefault(pid => ProcessInfo.CommandLine(pid).Contains("OpenClaw.AppHost", StringComparison.Ordinal));

    /// <summary>Ctrl+C: SIGINT to the AppHost, then waits for <c>dotnet run</c> to end.</summary>
    public async Task<bool> InterruptAsync(TimeSpan timeout)
    {
        if (AppHostPid() is { } pid)
        {
            _ = Kill(pid, 2);
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await InterruptAsync(TimeSpan.FromSeconds(40));
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        Api?.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Add(line);
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (?<url>http://127\.0\.0\.1:\d+/)login\?t=(?<token>[0-9a-f]+)")]
    private static partial Regex LoginLine();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}

public sealed record ResourceDto(
    string Name,
    string Type,
    string State,
    string? StateDescription,
    int? ExitCode,
    int? Pid,
    string Source,
    IReadOnlyList<string> Args,
    IReadOnlyList<UrlDto> Urls,
    IReadOnlyList<EnvDto> Environment,
    int Restarts)
{
    public string Url(string name = "http") => Urls.Single(u => u.Name == name).Url;

    public string? Env(string name) => Environment.FirstOrDefault(e => e.Name == name)?.Value;
}

public sealed record UrlDto(string Name, string Url);

public sealed record EnvDto(string Name, string Value, bool IsSecret);

/// <summary>/proc helpers to find processes a run left behind.</summary>
public static class ProcessInfo
{
    public static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        return Directory.EnumerateDirectories(tasks)
            .SelectMany(task => SafeRead(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
    }

    public static string CommandLine(int pid) => SafeRead($"/proc/{pid}/cmdline").Replace('\0', ' ');

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = SafeRead($"/proc/{pid}/stat");
        return stat.Length > 0 && stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not 'Z' and not 'X';
    }

    /// <summary>Every live process whose environment has <c>HOME=<paramref name="home"/></c>.</summary>
    public static List<int> WithHome(string home)
    {
        var marker = $"HOME={home}\0";
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && IsAlive(pid)
                && SafeRead(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal))
            {
                result.Add(pid);
            }
        }

        return result;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
