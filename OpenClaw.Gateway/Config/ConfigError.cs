namespace OpenClaw.Gateway.Config;

/// <summary>What kind of problem a config error is.</summary>
public enum ConfigErrorKind
{
    Syntax,
    UnknownKey,
    WrongType,
    InvalidValue,
    MissingEnvVar,
    Include,
    Io,
}

/// <summary>One config problem: key path (e.g. <c>gateway.port</c>), 1-based line when known, message and a fix hint.</summary>
public sealed record ConfigError(ConfigErrorKind Kind, string Path, int? Line, string Message, string? Hint = null)
{
    public override string ToString()
    {
        var where = string.IsNullOrEmpty(Path) ? "(root)" : Path;
        var line = Line is { } l ? $" (line {l})" : "";
        var hint = Hint is null ? "" : $" — {Hint}";
        return $"{where}{line}: {Message}{hint}";
    }
}

/// <summary>Thrown when config cannot be loaded; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ConfigException(string filePath, IReadOnlyList<ConfigError> errors)
    : Exception($"Invalid config at {filePath}:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public string FilePath { get; } = filePath;

    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
