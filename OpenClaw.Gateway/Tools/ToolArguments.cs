using System.Globalization;
using System.Text.Json;

namespace OpenClaw.Gateway.Tools;

/// <summary>Reads a tool call's JSON arguments with errors that tell the model which parameter is wrong and how.</summary>
public readonly struct ToolArguments(string tool, JsonElement arguments)
{
    public JsonElement Raw => arguments;

    public string RequireString(string name, params string[] aliases) =>
        GetString(name, aliases) ?? throw new ToolException($"{tool}: '{name}' is required (a string).");

    public string? GetString(string name, params string[] aliases)
    {
        if (!TryGet(name, aliases, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new ToolException($"{tool}: '{name}' must be a string."),
        };
    }

    public int? GetInt(string name, params string[] aliases)
    {
        if (!TryGet(name, aliases, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return (int)Math.Clamp(Math.Floor(number), int.MinValue, int.MaxValue);
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new ToolException($"{tool}: '{name}' must be a whole number.");
    }

    public double? GetNumber(string name)
    {
        if (!TryGet(name, [], out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new ToolException($"{tool}: '{name}' must be a number.");
    }

    public bool GetBool(string name, bool fallback = false)
    {
        if (!TryGet(name, [], out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => fallback,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw new ToolException($"{tool}: '{name}' must be true or false."),
        };
    }

    public IReadOnlyDictionary<string, string> GetStringMap(string name)
    {
        if (!TryGet(name, [], out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, string>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ToolException($"{tool}: '{name}' must be an object of string values.");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return map;
    }

    public bool TryGet(string name, string[] aliases, out JsonElement value)
    {
        value = default;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (arguments.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var alias in aliases)
        {
            if (arguments.TryGetProperty(alias, out value))
            {
                return true;
            }
        }

        return false;
    }
}
