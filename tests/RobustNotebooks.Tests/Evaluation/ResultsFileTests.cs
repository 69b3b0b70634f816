using Microsoft.Data.Analysis;
using RobustNotebooks.Evaluation;
using RobustNotebooks.Tests.Display;
using static RobustNotebooks.Tests.Evaluation.Plans;

namespace RobustNotebooks.Tests.Evaluation;

public class ResultsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-results-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EvaluationResults Evaluate(RobustNotebooks.Data.TensorImageSet data, SignalModel model) =>
        new Evaluator(new EvaluationPlan("signal", SampleSelection.First(data.Count, 30),
            [new ModelPlan(new EvaluatedModel("signal", model, Sha256: "ab12", Source: "/runs/signal"),
            [
                Task(Protocols.Paper, 0.1, CompositionMode.Each, Planned(new SelectiveAttack("FGSM", reach: 0.5), AttackFamily.SingleStep), Planned(new SelectiveAttack("PGD-10"))),
                Task(Protocols.Strong, 8.0 / 255, CompositionMode.Cascade, Planned(new SelectiveAttack("APGD-CE", id => id < 0.3)), Planned(new SelectiveAttack("Square"), AttackFamily.GradientFree)),
            ])], batchSize: 7, seed: 2)).Run(data);

    [Fact]
    public void CsvAndJsonRoundTripUnderAGermanCulture()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        using var culture = CultureScope.German();
        var results = Evaluate(data, model);
        results.Write(_dir);

        var text = File.ReadAllText(Path.Combine(_dir, EvaluationResults.CsvFile));
        var header = text.Split('\n')[0].Trim();
        Assert.StartsWith("model,dataset,protocol,attack,eps,n,robust,accuracy,seconds", header);
        Assert.Contains(",0.1,30,", text);          // ε and n in the invariant culture
        Assert.Contains(",0.031373,", text);        // 8/255 at readable precision
        // A decimal comma would add fields: every line has as many as the header.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Equal(header.Split(',').Length, l.Trim().Split(',').Length));

        var expected = results.ToDataFrame();
        var read = EvaluationResults.ReadCsv(Path.Combine(_dir, EvaluationResults.CsvFile));
        Assert.Equal(expected.Rows.Count, read.Rows.Count);
        Assert.Equal(results.Rows.Count, read.Rows.Count);
        foreach (var column in expected.Columns)
        {
            var other = read.Columns[column.Name];
            Assert.Equal(column.DataType, other.DataType);
            for (long i = 0; i < column.Length; i++) Assert.Equal(column[i] ?? "", other[i] ?? "");
        }
        var accuracy = (DecimalDataFrameColumn)read.Columns["accuracy"];
        for (int i = 0; i < results.Rows.Count; i++)
            Assert.Equal(results.Rows[i].Accuracy, (double)accuracy[i]!.Value, 6);
        Assert.All(accuracy, a => Assert.InRange(a!.Value, 0m, 1m));
        Assert.Contains(",0.866667,", text);        // 26/30, six decimals

        var json = EvaluationResults.ReadJson(Path.Combine(_dir, EvaluationResults.JsonFile));
        Assert.Equal(results.Rows, json.Rows);
        Assert.Equal(results.Plan.Fingerprint(), json.Plan.Fingerprint());
        Assert.Equal(results.Flags.Select(f => f.ToString()), json.Flags.Select(f => f.ToString()));
        Assert.Equal(results.Checks, json.Checks);
        Assert.Equal(results.Run.Versions, json.Run.Versions);
        Assert.Equal("ab12", json.Plan.Models[0].Sha256);
        Assert.Equal("0-29", json.Run.SampleRanges);
        var pgd = json.Plan.Models[0].Tasks[0].Attacks[1];
        Assert.Equal("PGD-10", pgd.Name);
        Assert.Equal("1", pgd.Settings["reach"]);
    }

    [Fact]
    public void TheTableHasOneRowPerModelAttackAndEps()
    {
        using var data = SignalData.Create();
        using var model = new SignalModel();
        var results = Evaluate(data, model);
        var keys = results.Rows.Select(r => (r.Model, r.Protocol, r.Attack, r.Eps)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(new[] { "clean", "clean", "FGSM", "PGD-10", "worst case", "APGD-CE", "Square", "worst case" }, results.Rows.Select(r => r.Attack));
        Assert.All(results.Rows, r => Assert.Equal(30, r.N));
    }
}
