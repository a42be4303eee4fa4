namespace OpenClaw.Cli.Doctor;

internal enum CheckStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One doctor finding: what was checked, how it went, and the fix when it is not ok.</summary>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Detail, string? Fix = null);
