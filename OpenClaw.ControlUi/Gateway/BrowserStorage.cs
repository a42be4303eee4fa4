using Microsoft.JSInterop;

namespace OpenClaw.ControlUi.Gateway;

/// <summary>localStorage / sessionStorage of the browser behind this circuit (see wwwroot/app.js).</summary>
public sealed class BrowserStorage(IJSRuntime js)
{
    public ValueTask<string?> GetLocalAsync(string key) => js.InvokeAsync<string?>("openclaw.storage.get", "local", key);

    public ValueTask SetLocalAsync(string key, string value) => js.InvokeVoidAsync("openclaw.storage.set", "local", key, value);

    public ValueTask RemoveLocalAsync(string key) => js.InvokeVoidAsync("openclaw.storage.remove", "local", key);

    public ValueTask<string?> GetSessionAsync(string key) => js.InvokeAsync<string?>("openclaw.storage.get", "session", key);

    public ValueTask SetSessionAsync(string key, string value) => js.InvokeVoidAsync("openclaw.storage.set", "session", key, value);

    public ValueTask RemoveSessionAsync(string key) => js.InvokeVoidAsync("openclaw.storage.remove", "session", key);

    /// <summary>Reads <c>#token=…</c> from the address bar and strips it (upstream moves it to sessionStorage).</summary>
    public ValueTask<BrowserInfo> StartAsync() => js.InvokeAsync<BrowserInfo>("openclaw.start");

    public ValueTask SetThemeAsync(string theme) => js.InvokeVoidAsync("openclaw.setTheme", theme);

    public ValueTask CopyAsync(string text) => js.InvokeVoidAsync("openclaw.copy", text);

    public ValueTask ScrollToBottomAsync(string elementId) => js.InvokeVoidAsync("openclaw.scrollToBottom", elementId);
}

/// <summary>What the page tells the circuit on start.</summary>
public sealed record BrowserInfo(string? FragmentToken, string Platform, string UserAgent, string Theme);
