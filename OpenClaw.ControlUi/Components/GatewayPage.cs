using Microsoft.AspNetCore.Components;
using OpenClaw.ControlUi.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Components;

/// <summary>
/// A page that reads from the gateway: loads when the link is up (again after each reconnect), turns gateway
/// errors into a message on the page, and re-renders on the events it cares about.
/// </summary>
public abstract class GatewayPage : ComponentBase, IDisposable
{
    private int _loadedEpoch = -1;

    [Inject]
    protected GatewaySession Session { get; set; } = default!;

    protected string? Error { get; set; }

    protected string? Notice { get; set; }

    protected bool Loading { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Session.Changed += OnSessionChanged;
        Session.EventReceived += OnEventReceived;
        await LoadIfConnectedAsync();
    }

    /// <summary>Reads the page's data; exceptions become <see cref="Error"/>.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>True when the event changed what the page shows.</summary>
    protected virtual bool OnGatewayEvent(GatewayEvent e) => false;

    protected Task ReloadAsync() => RunAsync(LoadAsync);

    /// <summary>Reloads after a gateway event, keeping the notice of the user's last action on screen.</summary>
    protected async Task RefreshAsync()
    {
        try
        {
            await LoadAsync();
        }
        catch (GatewayRequestException ex)
        {
            Error = $"{ex.Code}: {ex.Message}";
        }
        catch (GatewayException ex)
        {
            Error = ex.Message;
        }
    }

    /// <summary>Runs a gateway call, showing its failure (code and message) instead of throwing.</summary>
    protected async Task RunAsync(Func<Task> action, string? success = null)
    {
        Error = null;
        Notice = null;
        Loading = true;
        try
        {
            await action();
            if (success is not null)
            {
                Notice = success;
            }
        }
        catch (GatewayRequestException ex)
        {
            Error = $"{ex.Code}: {ex.Message}";
        }
        catch (GatewayException ex)
        {
            Error = ex.Message;
        }
        finally
        {
            Loading = false;

            // Child components call back through plain delegates (not EventCallback), so render the page here.
            StateHasChanged();
        }
    }

    private async Task LoadIfConnectedAsync()
    {
        if (Session.IsConnected && _loadedEpoch != Session.ConnectionEpoch)
        {
            _loadedEpoch = Session.ConnectionEpoch;
            await RunAsync(LoadAsync);
        }
    }

    private void OnSessionChanged() => _ = InvokeAsync(async () =>
    {
        await LoadIfConnectedAsync();
        StateHasChanged();
    });

    private void OnEventReceived(GatewayEvent e) => _ = InvokeAsync(() =>
    {
        if (OnGatewayEvent(e))
        {
            StateHasChanged();
        }
    });

    public void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        Session.EventReceived -= OnEventReceived;
        GC.SuppressFinalize(this);
    }
}
