// The CLI tests drive unix file modes, tmux and shell scripts; they run on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
