using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// Resolves manifest expressions for Compose, following Aspire's Docker publisher: a resource's host is
/// its service name on the Compose network, ports are container (target) ports, parameters become
/// <c>${NAME}</c> read from .env, and literal <c>$</c> is doubled so Compose leaves it alone.
/// </summary>
public sealed partial class ComposeExpressions(PublishedApp app)
{
    public string Resolve(string value)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Expression().Matches(value))
        {
            result.Append(EscapeLiteral(value[last..match.Index]));
            result.Append(ResolveToken(match.Groups["resource"].Value, match.Groups["path"].Value));
            last = match.Index + match.Length;
        }

        return result.Append(EscapeLiteral(value[last..])).ToString();
    }

    public static string EscapeLiteral(string literal) => literal.Replace("$", "$$", StringComparison.Ordinal);

    private string ResolveToken(string resourceName, string path)
    {
        if (app.Parameters.FirstOrDefault(p => p.Name == resourceName) is { } parameter)
        {
            return path is "value" ? $"${{{parameter.EnvName}}}" : throw Unknown(resourceName, path);
        }

        var resource = app.Find(resourceName) ?? throw Unknown(resourceName, path);
        if (path is "connectionString")
        {
            return Resolve(resource.ConnectionString ?? throw Unknown(resourceName, path));
        }

        var parts = path.Split('.');
        if (parts is ["bindings", var endpoint, var property]
            && resource.Bindings.FirstOrDefault(b => b.Name == endpoint) is { } binding)
        {
            var port = binding.ContainerPort.ToString(CultureInfo.InvariantCulture);
            return property switch
            {
                "url" => $"{binding.Scheme}://{resource.Name}:{port}",
                "host" => resource.Name,
                "port" or "targetPort" => port,
                "scheme" => binding.Scheme,
                _ => throw Unknown(resourceName, path),
            };
        }

        throw Unknown(resourceName, path);
    }

    private static InvalidOperationException Unknown(string resource, string path) =>
        new($"The expression {{{resource}.{path}}} does not name anything in the app model.");

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9-]+)\.(?<path>[A-Za-z0-9.\-]+)\}")]
    private static partial Regex Expression();
}
