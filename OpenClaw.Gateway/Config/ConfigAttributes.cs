namespace OpenClaw.Gateway.Config;

/// <summary>The only values a string config key accepts (an enum in upstream's schema).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>The config object may also be written as a plain string (e.g. <c>model: "openai/gpt-5"</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StringShorthandAttribute : Attribute;

/// <summary>A string (or list of strings) key that also accepts numbers, e.g. Telegram user ids in allowFrom.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumbersAsStringsAttribute : Attribute;
