using System.Text.Json.Nodes;
using NJsonSchema;
using OpenClaw.AppHost.Publishing;

namespace OpenClaw.AppHost.Tests.Publishing;

public sealed class ManifestPublishingTests
{
    private static readonly string SchemaPath = Path.Combine(PublishingFixture.GoldenDirectory, "..", "aspire-8.0.schema.json");

    /// <summary>
    /// Aspire's schema as NJsonSchema can read it: NJsonSchema 11 cannot parse boolean subschemas
    /// (<c>"build": false</c> = "must not be present") and ignores draft-06 <c>const</c>, so those become
    /// their draft-04 equivalents (<c>{"not": {}}</c> / <c>{}</c>, and <c>enum</c> with one value) before loading.
    /// </summary>
    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(SchemaPath, TestContext.Current.CancellationToken))!;
        ReplaceBooleanSubschemas(schema);
        return await JsonSchema.FromJsonAsync(schema.ToJsonString(), SchemaPath, TestContext.Current.CancellationToken);
    }

    private static void ReplaceBooleanSubschemas(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["const"] is { } constant)
                {
                    obj.Remove("const");
                    obj["enum"] = new JsonArray(constant.DeepClone());
                }

                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "properties" && value is JsonObject properties)
                    {
                        foreach (var (name, sub) in properties.ToList())
                        {
                            if (sub is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
                            {
                                properties[name] = allowed ? new JsonObject() : new JsonObject { ["not"] = new JsonObject() };
                            }
                        }
                    }

                    if (value is not null)
                    {
                        ReplaceBooleanSubschemas(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        ReplaceBooleanSubschemas(item);
                    }
                }

                break;
        }
    }

    [Fact]
    public void The_manifest_of_the_fixed_app_model_matches_the_golden_file()
    {
        var model = PublishingFixture.FixedModel();
        var manifest = ManifestWriter.Write(PublishedAppFactory.Create(model), Path.GetFullPath(Path.Combine(model.AppHostDirectory, "..")));

        PublishingFixture.AssertGolden("aspire-manifest.json", manifest);
    }

    [Fact]
    public void No_port_password_or_token_of_this_machine_reaches_the_manifest()
    {
        var model = PublishingFixture.FixedModel();
        var manifest = ManifestWriter.Write(PublishedAppFactory.Create(model), model.AppHostDirectory);
        var redis = model.Resources.OfType<OpenClaw.AppHost.Hosting.RedisResource>().Single();

        Assert.DoesNotContain(PublishingFixture.ConfiguredGatewayToken, manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(redis.Password, manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", manifest, StringComparison.Ordinal);
        foreach (var endpoint in model.Resources.SelectMany(r => r.Endpoints))
        {
            Assert.DoesNotContain($"\"{endpoint.Port}\"", manifest, StringComparison.Ordinal);
        }

        var resources = JsonNode.Parse(manifest)!["resources"]!.AsObject();
        Assert.Equal("{openclaw-gateway-token.value}", resources["gateway"]!["env"]!["OPENCLAW_GATEWAY_TOKEN"]!.GetValue<string>());
        Assert.Equal("{redis.connectionString}", resources["channel-discord"]!["env"]!["ConnectionStrings__redis"]!.GetValue<string>());
        Assert.Equal("{gateway.bindings.http.url}", resources["control-ui"]!["env"]!["services__gateway__http__0"]!.GetValue<string>());
        Assert.True(resources["openclaw-gateway-token"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_golden_and_the_committed_manifest_validate_against_the_aspire_8_0_schema()
    {
        var schema = await LoadSchemaAsync();
        foreach (var path in new[] { Path.Combine(PublishingFixture.GoldenDirectory, "aspire-manifest.json"), Path.Combine(AppHostProcess.RepoRoot, "aspire-manifest.json") })
        {
            var errors = schema.Validate(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.True(errors.Count == 0, $"{path}: " + string.Join("; ", errors.Select(Describe)));
        }
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) => error is NJsonSchema.Validation.ChildSchemaValidationError child
        ? $"{error.Path}: {error.Kind} [{string.Join(", ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]"
        : $"{error.Path}: {error.Kind}";

    [Fact]
    public async Task The_schema_check_catches_a_broken_manifest()
    {
        var schema = await LoadSchemaAsync();
        // container.v0 without its required image, and a binding with an unknown transport.
        var broken = """
            { "resources": {
                "redis": { "type": "container.v0", "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "carrier-pigeon" } } }
            } }
            """;

        Assert.NotEmpty(schema.Validate(broken));
    }
}
