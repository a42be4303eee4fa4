namespace OpenClaw.AppHost.Hosting;

/// <summary>Fluent access to one resource, as returned by <c>builder.AddX(...)</c>.</summary>
public sealed class ResourceBuilder<T>(DistributedApplicationBuilder application, T resource)
    where T : Resource
{
    public DistributedApplicationBuilder ApplicationBuilder { get; } = application;

    public T Resource { get; } = resource;
}

/// <summary>The Aspire-style verbs: references, wait-for, health checks, args and env.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Injects <c>ConnectionStrings__{name}</c>, exactly as Aspire does.</summary>
    public static ResourceBuilder<T> WithReference<T, TSource>(this ResourceBuilder<T> builder, ResourceBuilder<TSource> source)
        where T : Resource
        where TSource : Resource
    {
        builder.Resource.References.Add(source.Resource);
        if (source.Resource is IResourceWithConnectionString withConnectionString)
        {
            builder.Resource.Environment[$"ConnectionStrings__{source.Resource.Name}"] = () => withConnectionString.ConnectionString;
        }

        // Service discovery: services__{name}__{endpoint}__0, read by Microsoft.Extensions.ServiceDiscovery.
        foreach (var endpoint in source.Resource.Endpoints.Where(e => e.Scheme is "http" or "https"))
        {
            builder.Resource.Environment[$"services__{source.Resource.Name}__{endpoint.Name}__0"] = () => endpoint.Url;
        }

        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is Running and healthy.</summary>
    public static ResourceBuilder<T> WaitFor<T, TDependency>(this ResourceBuilder<T> builder, ResourceBuilder<TDependency> dependency)
        where T : Resource
        where TDependency : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    public static ResourceBuilder<T> WithHttpHealthCheck<T>(this ResourceBuilder<T> builder, string path = "/health")
        where T : Resource
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    public static ResourceBuilder<T> WithArgs<T>(this ResourceBuilder<T> builder, params string[] args)
        where T : Resource
    {
        builder.Resource.Args.AddRange(args);
        return builder;
    }

    public static ResourceBuilder<T> WithEnvironment<T>(this ResourceBuilder<T> builder, string name, string value)
        where T : Resource
    {
        builder.Resource.Environment[name] = () => value;
        return builder;
    }

    public static ResourceBuilder<T> WithEnvironment<T>(this ResourceBuilder<T> builder, string name, Func<string> value)
        where T : Resource
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }

    /// <summary>Gives a project an HTTP endpoint on a free port, passed in through ASPNETCORE_URLS.</summary>
    public static ResourceBuilder<T> WithHttpEndpoint<T>(this ResourceBuilder<T> builder, string name = "http")
        where T : Resource
    {
        var endpoint = new Endpoint(name, "http", FreePort.Next());
        builder.Resource.Endpoints.Add(endpoint);
        if (builder.Resource is ProjectResource)
        {
            builder.Resource.Environment["ASPNETCORE_URLS"] =
                () => string.Join(';', builder.Resource.Endpoints.Where(e => e.Scheme is "http" or "https").Select(e => e.Url));
        }

        return builder;
    }

    /// <summary>Shows the resource as disabled, with the reason and the fix, instead of starting it.</summary>
    public static ResourceBuilder<T> DisabledWhen<T>(this ResourceBuilder<T> builder, string? reason)
        where T : Resource
    {
        builder.Resource.DisabledReason = reason;
        return builder;
    }
}
