using System.Globalization;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>Docker's size strings (<c>512m</c>, <c>1g</c>, <c>1048576</c>; binary units) as bytes; -1 stays -1.</summary>
public static class DockerSize
{
    public static long? Parse(string? value, string keyPath)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim().ToLowerInvariant();
        if (text.EndsWith('b') && text.Length > 1 && !char.IsAsciiDigit(text[^2]))
        {
            text = text[..^1];
        }

        var multiplier = text[^1] switch
        {
            'k' => 1024L,
            'm' => 1024L * 1024,
            'g' => 1024L * 1024 * 1024,
            't' => 1024L * 1024 * 1024 * 1024,
            'b' => 1L,
            _ => 0L,
        };
        var number = multiplier == 0 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || (amount < 0 && amount != -1))
        {
            throw new SandboxConfigException($"{keyPath}: \"{value}\" is not a size like 512m, 1g or a number of bytes");
        }

        return amount == -1 ? -1 : (long)(amount * (multiplier == 0 ? 1 : multiplier));
    }
}
