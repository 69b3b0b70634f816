using System.CommandLine;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb bench</c>: the benchmarks, one sub-verb each.</summary>
public sealed class BenchCommand : IVerb
{
    public Command Create() => new("bench", "benchmarks (timings are reported, never asserted)");
}
