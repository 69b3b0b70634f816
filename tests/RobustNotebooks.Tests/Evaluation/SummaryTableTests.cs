using Microsoft.Data.Analysis;
using RobustNotebooks.Evaluation;
using static RobustNotebooks.Tests.Evaluation.Plans;

namespace RobustNotebooks.Tests.Evaluation;

/// <summary>The summary table against counts made directly from which samples each test attack picks: at
/// ε 0.6 a picked, clean-correct sample always flips (the signal moves past 0.5), an unpicked one never does.</summary>
public class SummaryTableTests
{
    private static bool Between(double id, double low, double high) => id >= low && id < high;

    [Fact]
    public void TheSummaryHoldsEachProtocolsAttacksInTheirOrderItsWorstCaseAndTheGap()
    {
        using var data = SignalData.Create();
        using var one = new SignalModel();
        using var two = new SignalModel();
        const double eps = 0.6;
        EvaluationTask Paper() => Task(Protocols.Paper, eps, CompositionMode.Each,
            Planned(new SelectiveAttack("A", id => id < 0.5)), Planned(new SelectiveAttack("B", id => id < 0.25)));
        // the second model runs one more strong attack between the two the first runs, like a PCL model's prototype attacks
        var strongOne = Task(Protocols.Strong, eps, CompositionMode.Cascade,
            Planned(new SelectiveAttack("A", id => id < 0.5)), Planned(new SelectiveAttack("D", id => Between(id, 0.5, 0.75))));
        var strongTwo = Task(Protocols.Strong, eps, CompositionMode.Cascade,
            Planned(new SelectiveAttack("A", id => id < 0.5)), Planned(new SelectiveAttack("X", id => Between(id, 0.75, 0.9))),
            Planned(new SelectiveAttack("D", id => Between(id, 0.5, 0.75))));
        var plan = new EvaluationPlan("signal", SampleSelection.First(data.Count),
            [new ModelPlan(new EvaluatedModel("one", one), [Paper(), strongOne]), new ModelPlan(new EvaluatedModel("two", two), [Paper(), strongTwo])],
            batchSize: 16, seed: 5);
        var results = new Evaluator(plan).Run(data);

        var clean = SignalData.CleanCorrect(data);
        double Percent(Func<double, bool> standing) =>
            Math.Round(100.0 * Enumerable.Range(0, data.Count).Count(i => clean[i] && standing((i + 0.5) / data.Count)) / data.Count, 1);
        var table = results.Summary();
        Assert.Equal(["model", "ε", "images", "clean", "paper A", "B", "paper worst case", "strong A", "X", "D", "strong worst case", EvaluationResults.GapColumn],
            table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.Rows.Count);
        double? Cell(int row, string column) => (double?)table[column][row];
        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(40, (int)table["images"][row]!);
            Assert.Equal(eps, Cell(row, "ε"));
            Assert.Equal(Percent(_ => true), Cell(row, "clean"));
            Assert.Equal(Percent(id => id >= 0.5), Cell(row, "paper A"));
            Assert.Equal(Percent(id => id >= 0.25), Cell(row, "B"));
            Assert.Equal(Percent(id => id >= 0.5), Cell(row, "paper worst case"));
            Assert.Equal(Percent(id => id >= 0.5), Cell(row, "strong A"));
        }
        Assert.Null(Cell(0, "X"));
        Assert.Equal(Percent(id => id >= 0.5 && !Between(id, 0.75, 0.9)), Cell(1, "X"));
        Assert.Equal(Percent(id => id >= 0.75), Cell(0, "D"));
        Assert.Equal(Percent(id => id >= 0.9), Cell(1, "D"));
        Assert.Equal(Cell(1, "D"), Cell(1, "strong worst case"));
        Assert.Equal(Math.Round(Cell(1, "paper worst case")!.Value - Cell(1, "strong worst case")!.Value, 1), Cell(1, EvaluationResults.GapColumn));
        Assert.True(Cell(1, EvaluationResults.GapColumn) > 0);

        // One protocol alone: no gap column, and an attack no other protocol has keeps its own name.
        var paperOnly = results.Summary([Protocols.Paper]);
        Assert.Equal(["model", "ε", "images", "clean", "A", "B", "paper worst case"], paperOnly.Columns.Select(c => c.Name));
        Assert.Equal(Percent(id => id >= 0.5 && !Between(id, 0.75, 0.9)) / 100, results.Accuracy("two", Protocols.Strong, "X", eps)!.Value, 6);
        Assert.Null(results.Accuracy("one", Protocols.Strong, "X", eps));
        Assert.Null(results.Accuracy("one", Protocols.Strong, "A", 0.3));
    }
}
