using System.Globalization;
using RobustNotebooks.Evaluation;

namespace RobustNotebooks.Cli.Commands;

/// <summary>The text the eval verbs print: the results table, the time each protocol took, the audit's flags.</summary>
public static class EvalReport
{
    public static void Print(EvaluationResults results, TextWriter output)
    {
        var rows = results.Rows;
        int modelWidth = Math.Max(5, rows.Select(r => r.Model.Length).DefaultIfEmpty(0).Max());
        int attackWidth = Math.Max(6, rows.Select(r => r.Attack.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"{results.Plan.Dataset}, {results.Run.Samples} test images ({results.Plan.SampleDescription}{(results.Run.Shards.Count == 1 && results.Run.Shards[0] != "0/1" ? $", shard {results.Run.Shards[0]}" : "")})");
        output.WriteLine($"{"model".PadRight(modelWidth)}  {"protocol",-8}  {"attack".PadRight(attackWidth)}  {"eps",9}  {"n",6}  {"accuracy",9}  {"seconds",9}  mode");
        foreach (var r in rows)
            output.WriteLine($"{r.Model.PadRight(modelWidth)}  {r.Protocol,-8}  {r.Attack.PadRight(attackWidth)}  {Eps(r.Eps),9}  {r.N,6}  {Pct(r.Accuracy),9}  {r.Seconds.ToString("0.0", CultureInfo.InvariantCulture),9}  {(r.Mode is { } m ? m.ToString().ToLowerInvariant() : "")}");
        foreach (var g in rows.GroupBy(r => (r.Model, r.Protocol)))
            output.WriteLine($"time: {g.Key.Model} {g.Key.Protocol}: {g.Sum(r => r.Seconds).ToString("0.0", CultureInfo.InvariantCulture)} s of attacks");
        if (results.Flags.Count == 0) output.WriteLine("audit: no flags");
        else
        {
            output.WriteLine($"audit: {results.Flags.Count} flag(s)");
            foreach (var f in results.Flags) output.WriteLine("  " + f);
        }
    }

    /// <summary>8/255-style budgets read better as fractions of 255 when they are one.</summary>
    public static string Eps(double eps)
    {
        var k = eps * 255;
        if (eps > 0 && Math.Abs(k - Math.Round(k)) < 1e-9 && Math.Round(k) % 5 != 0 && eps < 0.2) return $"{Math.Round(k)}/255";
        return eps.ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
