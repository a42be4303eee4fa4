namespace OpenClaw.ControlUi.Tests.Infrastructure;

public static class Poll
{
    /// <summary>Polls until the condition holds; fails with what was awaited after the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
    }
}
