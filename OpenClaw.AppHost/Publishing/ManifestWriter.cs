using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// Writes <c>aspire-manifest.json</c> like Aspire's ManifestPublishingContext: indented UTF-8, resources in
/// model order, referenced parameters after them, file paths relative to the manifest's folder with
/// forward slashes, and no OTEL_EXPORTER_OTLP_* variables (publish mode).
/// </summary>
public static class ManifestWriter
{
    public const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";

    public static string Write(PublishedApp app, string manifestDirectory)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUrl);
            json.WriteStartObject("resources");
            foreach (var resource in app.Resources)
            {
                json.WriteStartObject(resource.Name);
                if (resource.Kind is PublishedKind.Project)
                {
                    WriteProject(json, resource, manifestDirectory);
                }
                else
                {
                    WriteContainer(json, resource);
                }

                json.WriteEndObject();
            }

            foreach (var parameter in app.Parameters)
            {
                WriteParameter(json, parameter);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteProject(Utf8JsonWriter json, PublishedResource resource, string manifestDirectory)
    {
        json.WriteString("type", "project.v0");
        json.WriteString("path", Path.GetRelativePath(manifestDirectory, resource.ProjectPath!).Replace('\\', '/'));
        WriteArgs(json, resource.Args);
        WriteEnv(json, resource.Env);
        WriteBindings(json, resource.Bindings);
    }

    private static void WriteContainer(Utf8JsonWriter json, PublishedResource resource)
    {
        json.WriteString("type", "container.v0");
        if (resource.ConnectionString is { } connectionString)
        {
            json.WriteString("connectionString", connectionString);
        }

        json.WriteString("image", resource.Image);
        if (resource.Entrypoint is { } entrypoint)
        {
            json.WriteString("entrypoint", entrypoint);
        }

        WriteArgs(json, resource.Args);
        WriteEnv(json, resource.Env);
        WriteBindings(json, resource.Bindings);
        if (resource.Volumes.Count > 0)
        {
            json.WriteStartArray("volumes");
            foreach (var volume in resource.Volumes)
            {
                json.WriteStartObject();
                json.WriteString("name", volume.Name);
                json.WriteString("target", volume.Target);
                json.WriteBoolean("readOnly", volume.ReadOnly);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
    }

    private static void WriteParameter(Utf8JsonWriter json, PublishedParameter parameter)
    {
        json.WriteStartObject(parameter.Name);
        json.WriteString("type", "parameter.v0");
        json.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        json.WriteBoolean("secret", parameter.Secret);
        json.WriteStartObject("default");
        json.WriteStartObject("generate");
        json.WriteNumber("minLength", parameter.MinLength);
        json.WriteBoolean("special", parameter.Special);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArgs(Utf8JsonWriter json, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return;
        }

        json.WriteStartArray("args");
        foreach (var arg in args)
        {
            json.WriteStringValue(arg);
        }

        json.WriteEndArray();
    }

    private static void WriteEnv(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        if (env.Count == 0)
        {
            return;
        }

        json.WriteStartObject("env");
        foreach (var (name, value) in env)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter json, IReadOnlyList<PublishedBinding> bindings)
    {
        if (bindings.Count == 0)
        {
            return;
        }

        json.WriteStartObject("bindings");
        foreach (var binding in bindings)
        {
            json.WriteStartObject(binding.Name);
            json.WriteString("scheme", binding.Scheme);
            json.WriteString("protocol", "tcp");
            json.WriteString("transport", binding.Transport);
            if (binding.TargetPort is { } targetPort)
            {
                json.WriteNumber("targetPort", targetPort);
            }

            if (binding.External)
            {
                json.WriteBoolean("external", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
