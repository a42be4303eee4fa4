namespace OpenClaw.AppHost.Hosting;

/// <summary>How Redis runs: the redis-server on PATH, or a container on the Docker engine.</summary>
public enum RedisMode
{
    Auto,
    Executable,
    Container,
}

/// <summary>
/// Redis with a generated password on a free loopback port. The connection string has Aspire's
/// shape (<c>host:port,password=...</c>) so StackExchange.Redis clients read it unchanged.
/// </summary>
public sealed class RedisResource(string name, int port, string password) : Resource(name), IResourceWithConnectionString
{
    public const string DefaultImage = "docker.io/library/redis:7.4";

    public override string Type => Mode is RedisMode.Container ? "Container" : "Executable";

    public override string Source => Mode is RedisMode.Container ? Image : "redis-server";

    public RedisMode Mode { get; set; } = RedisMode.Auto;

    public string Image { get; set; } = DefaultImage;

    public int Port { get; } = port;

    public string Password { get; } = password;

    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    /// <summary>
    /// The redis-server arguments. The password is not among them (command lines are visible to
    /// every local user): it goes in through stdin (<c>-</c>) or, for a container, an env var.
    /// </summary>
    public IReadOnlyList<string> ServerArgs(string dataDirectory) =>
    [
        "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", "127.0.0.1",
        "--dir", dataDirectory,
        "--save", "",
        "--appendonly", "yes",
    ];
}
