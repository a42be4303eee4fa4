namespace OpenClaw.Gateway.Models;

/// <summary>A model reference <c>provider/model</c>; only the first '/' splits (spec §12.1).</summary>
public sealed record ModelRef(string Provider, string Model)
{
    public static ModelRef Parse(string reference) =>
        TryParse(reference, out var parsed)
            ? parsed
            : throw new ModelProviderException($"model '{reference}' is not a provider/model reference (e.g. \"openai/gpt-5.4\")");

    public static bool TryParse(string? reference, out ModelRef parsed)
    {
        parsed = null!;
        var text = reference?.Trim();
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1)
        {
            return false;
        }

        parsed = new ModelRef(text[..slash].ToLowerInvariant(), text[(slash + 1)..]);
        return true;
    }

    public override string ToString() => $"{Provider}/{Model}";
}

/// <summary>A model provider is missing, unknown or lacks credentials; the message says how to fix it.</summary>
public sealed class ModelProviderException(string message, Exception? inner = null) : Exception(message, inner);
