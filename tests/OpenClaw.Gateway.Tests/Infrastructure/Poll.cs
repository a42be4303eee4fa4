namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>Poll-until with a generous deadline (tests run on a loaded 2-core machine).</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (value is not null && (value is not bool b || b))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task<bool> UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync<bool>(() => Task.FromResult(condition()), what, timeout);
}
