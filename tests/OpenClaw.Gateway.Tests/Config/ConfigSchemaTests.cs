using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Config;

public class ConfigSchemaTests
{
    [Fact]
    public void Schema_describes_typed_sections_enums_and_shorthands()
    {
        var schema = ConfigSchema.Generate();

        var gateway = schema["properties"]!["gateway"]!;
        Assert.False((bool)gateway["additionalProperties"]!);
        Assert.Equal("integer", (string?)gateway["properties"]!["port"]!["type"]);
        Assert.Contains("loopback", gateway["properties"]!["bind"]!["enum"]!.ToJsonString(), StringComparison.Ordinal);
        var model = schema["properties"]!["agents"]!["properties"]!["defaults"]!["properties"]!["model"]!;
        Assert.Equal("string", (string?)model["anyOf"]![0]!["type"]);
        Assert.NotNull(model["anyOf"]![1]!["properties"]!["fallbacks"]);
        Assert.Equal("object", (string?)schema["properties"]!["channels"]!["type"]);
        Assert.NotNull(schema["properties"]!["channels"]!["additionalProperties"]!["properties"]!["botToken"]);
    }
}
