using Microsoft.AspNetCore.Components;

namespace OpenClaw.Dashboard.Components.Shared;

/// <summary>A page that refreshes itself on a timer while it is open (live view without push plumbing).</summary>
public abstract class PollingComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    protected virtual TimeSpan Interval => TimeSpan.FromSeconds(1.5);

    protected CancellationToken Disposed => _disposed.Token;

    protected abstract Task RefreshAsync();

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        _ = LoopAsync();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
