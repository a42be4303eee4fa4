// Browser side of the Control UI: storage, the tokenized-URL fragment, theme, clipboard, scrolling.
(function () {
  const stores = { local: () => window.localStorage, session: () => window.sessionStorage };
  const preferredTheme = () =>
    localStorage.getItem("openclaw.theme") ||
    (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const applyTheme = (theme) => { document.documentElement.dataset.theme = theme; };
  applyTheme(preferredTheme());

  // Enter sends, Shift+Enter breaks the line: stop the newline in the browser, the circuit sends on keydown.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && e.target.classList && e.target.classList.contains("composer-input")) e.preventDefault();
  });

  window.openclaw = {
    storage: {
      get: (kind, key) => stores[kind]().getItem(key),
      set: (kind, key, value) => stores[kind]().setItem(key, value),
      remove: (kind, key) => stores[kind]().removeItem(key),
    },
    // Like upstream: #token=... is read once, then stripped from the address bar (it stays in sessionStorage).
    start: () => {
      const boot = document.getElementById("boot");
      if (boot) boot.remove();
      let fragmentToken = null;
      const hash = window.location.hash.startsWith("#") ? window.location.hash.substring(1) : "";
      const params = new URLSearchParams(hash);
      if (params.has("token")) {
        fragmentToken = params.get("token");
        params.delete("token");
        const rest = params.toString();
        history.replaceState(null, "", window.location.pathname + window.location.search + (rest ? "#" + rest : ""));
      }
      return { fragmentToken, platform: navigator.platform || "web", userAgent: navigator.userAgent, theme: preferredTheme() };
    },
    setTheme: (theme) => { localStorage.setItem("openclaw.theme", theme); applyTheme(theme); },
    copy: async (text) => {
      try { await navigator.clipboard.writeText(text); } catch { /* clipboard needs a secure context; ignore */ }
    },
    scrollToBottom: (id) => {
      const el = document.getElementById(id);
      if (el) el.scrollTop = el.scrollHeight;
    },
  };
})();
