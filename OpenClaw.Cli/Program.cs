using System.CommandLine;
using OpenClaw.Cli.Commands;
using OpenClaw.Cli.Hosting;
using OpenClaw.Cli.Onboarding;

// `openclaw`: the OpenClaw.NET command line, flag- and output-compatible with upstream's.
var root = new RootCommand("OpenClaw.NET — the openclaw command line")
{
    HealthCommand.Create(),
    StatusCommand.Create(),
    GatewayCallCommand.CreateGroup(),
    DevicesCommand.Create(),
    SandboxCommand.Create(),
    ConfigCommand.Create(),
    LogsCommand.Create(),
    SessionsCommand.Create(),
    AgentCommand.Create(),
    MessageCommand.Create(),
    PairingCommand.Create(),
    CronCommand.Create(),
    ChannelsCommand.Create(),
    DashboardCommand.Create(),
    OnboardCommand.Create(),
    OpenClaw.Cli.Doctor.DoctorCommand.Create(),
};

return await root.Parse(GlobalFlags.Apply(args)).InvokeAsync();
