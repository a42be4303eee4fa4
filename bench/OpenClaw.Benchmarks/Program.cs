using BenchmarkDotNet.Running;
using OpenClaw.Benchmarks;

// Hot paths of the gateway, with allocations: frame parse/serialize, transcript append, tool policy, Redis envelope
// round trip. A short in-process job (3 warm-ups, 10 iterations) keeps the whole set to a few minutes.
// Run: dotnet run -c Release --project bench/OpenClaw.Benchmarks [-- --filter '*Frame*']
BenchmarkSwitcher.FromAssembly(typeof(ShortConfig).Assembly).Run(args, new ShortConfig());
