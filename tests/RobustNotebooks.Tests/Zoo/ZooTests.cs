using System.Text.Json.Nodes;
using RobustNotebooks.Cli.Commands;
using RobustNotebooks.Data;
using RobustNotebooks.Tests.Cli;
using RobustNotebooks.Torch;
using RobustNotebooks.Training;
using RobustNotebooks.Zoo;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Zoo;

/// <summary>A tiny zoo (two LeNet++ models on 64 Fashion-MNIST images, seconds to train) driven through the
/// zoo verbs: train from the recipe, ship with provenance, verify hashes, load back the same model.</summary>
public class ZooTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("robustnb-zoo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Tiny = ["--dataset", "fmnist", "--model", "lenetpp", "--limit", "64", "--batch-size", "32", "--embedding-dim", "8", "--epochs", "1", "--seed", "4"];

    /// <summary>Writes a manifest with tiny-softmax, tiny-pcl (from tiny-softmax) and a model never trained.</summary>
    internal static string WriteTinyZoo(string root, int checkSamples = 64)
    {
        var manifest = new ZooManifest(ZooManifest.CurrentFormat, "fmnist", 10_000_000, checkSamples,
        [
            new ZooModel("tiny-softmax", ZooRole.Main, "Softmax", "tiny softmax", null, [.. Tiny, "--loss", "softmax"], 4, 1),
            new ZooModel("tiny-pcl", ZooRole.Main, "Ours (PCL)", "tiny PCL", "tiny-softmax", [.. Tiny, "--loss", "pcl"], 4, 1),
            new ZooModel("never-trained", ZooRole.Substitute, "Substitute", "listed, never trained", null, [.. Tiny, "--loss", "softmax"], 4, 1),
        ]);
        Directory.CreateDirectory(Path.Combine(root, "fmnist"));
        manifest.Save(Path.Combine(root, "fmnist", ZooManifest.FileName));
        return root;
    }

    [Fact]
    public void ZooTrainShipsAModelThatVerifiesAndLoadsAsTheRunItCameFrom()
    {
        var root = WriteTinyZoo(Path.Combine(_dir, "zoo"));
        var runs = Path.Combine(_dir, "runs");
        var pclOnly = CapturedRun.Of("zoo", "train", "tiny-pcl", "--zoo", root, "--out", Path.Combine(runs, "pcl"));
        Assert.True(pclOnly.Exit == 1 && pclOnly.Err.Contains("zoo train tiny-softmax"), pclOnly.ToString());

        foreach (var name in new[] { "tiny-softmax", "tiny-pcl" })
        {
            var run = CapturedRun.Of("zoo", "train", name, "--zoo", root, "--out", Path.Combine(runs, name));
            Assert.True(run.Exit == 0, run.ToString());
        }
        var zoo = ModelZoo.Open("fmnist", root);
        Assert.Empty(zoo.Verify());
        Assert.True(zoo.IsAvailable("tiny-pcl"));
        Assert.False(zoo.IsAvailable("never-trained"));
        Assert.Contains("not shipped", zoo.Problems("never-trained").Single());

        // Provenance: the command that ran, the seed and epochs, the hash of each shipped file, a clean accuracy that recomputes.
        var pcl = zoo.Manifest["tiny-pcl"].Shipped!;
        Assert.Contains("--loss pcl", pcl.Command);
        Assert.Contains("--from " + zoo.ModelDirectory("tiny-softmax"), pcl.Command);
        Assert.Equal((4, 1), (pcl.Seed, pcl.Epochs));
        Assert.Matches("^[0-9a-f]{40}(-dirty)?$", pcl.Commit);
        foreach (var file in ModelZoo.ShippedFiles)
            Assert.Equal(RunModel.HashFile(Path.Combine(zoo.ModelDirectory("tiny-pcl"), file)), pcl.Files[file]);
        var test = Datasets.LoadOrPrepare("fashion-mnist", DataSplit.Test);
        using (var images = TensorImageSet.From(test))
            Assert.Equal(pcl.Check, ModelZoo.CleanCheck(zoo.ModelDirectory("tiny-pcl"), images, test, 64));
        Assert.Equal(64, pcl.Check.Samples);

        // The shipped folder is a slim run: no optimizer state, yet the same weights and prototypes as the run.
        Assert.True(new FileInfo(Path.Combine(zoo.ModelDirectory("tiny-pcl"), RunCheckpoint.StateFile)).Length
                    < new FileInfo(Path.Combine(runs, "tiny-pcl", RunCheckpoint.StateFile)).Length / 3);
        using var shipped = zoo.Load("tiny-pcl", test);
        using var original = RunModel.Load(Path.Combine(runs, "tiny-pcl"), 10, 1, 28);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = rand(4, 1, 28, 28);
        Assert.True(shipped.Model.logits(x).allclose(original.Model.logits(x), 0, 0));
        for (int layer = 0; layer < original.Config.PclLayers.Count; layer++)
            Assert.True(shipped.Pcl!.PrototypesOf(layer).allclose(original.Pcl!.PrototypesOf(layer), 0, 0));

        // Verify passes, then catches one flipped byte and names the file; loading refuses the damaged model.
        Assert.Equal(0, CapturedRun.Of("zoo", "verify", "--zoo", root).Exit);
        var weights = Path.Combine(zoo.ModelDirectory("tiny-softmax"), RunCheckpoint.ModelFile);
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 1;
        File.WriteAllBytes(weights, bytes);
        var verify = CapturedRun.Of("zoo", "verify", "--zoo", root);
        Assert.True(verify.Exit == 1 && verify.Out.Contains("tiny-softmax: model.safetensors: SHA-256"), verify.ToString());
        Assert.Throws<InvalidDataException>(() => zoo.Load("tiny-softmax", test));
        var list = CapturedRun.Of("zoo", "list", "--zoo", root);
        Assert.Contains("DAMAGED", list.Out);
        Assert.Contains("missing (not trained yet)", list.Out);

        // A shipped model whose folder is gone has that one problem, not one per file.
        Directory.Delete(zoo.ModelDirectory("tiny-pcl"), recursive: true);
        Assert.Equal($"its folder is absent ({zoo.ModelDirectory("tiny-pcl")})", zoo.Problems("tiny-pcl").Single());
        Assert.False(zoo.IsAvailable("tiny-pcl"));
    }

    [Fact]
    public void ShippingKeepsWhatAnotherProcessWroteToTheManifestAndRefusesARecipeChangedMeanwhile()
    {
        var root = WriteTinyZoo(Path.Combine(_dir, "zoo"));
        var run = Path.Combine(_dir, "softmax");
        Assert.Equal(0, CapturedRun.Of(["train", .. Tiny, "--loss", "softmax", "--out", run]).Exit);
        var test = Datasets.LoadOrPrepare("fashion-mnist", DataSplit.Test);
        using var images = TensorImageSet.From(test);

        // Opened while the run trained; meanwhile another process edits another model's entry.
        var stale = ModelZoo.Open("fmnist", root);
        var other = ModelZoo.Open("fmnist", root);
        other.Manifest.With(other.Manifest["never-trained"] with { Description = "edited elsewhere" }).Save(other.ManifestPath);
        stale.Ship("tiny-softmax", run, "robustnb train ...", "0000000000000000000000000000000000000000", images, test);
        var onDisk = ModelZoo.Open("fmnist", root).Manifest;
        Assert.Equal("edited elsewhere", onDisk["never-trained"].Description);
        Assert.NotNull(onDisk["tiny-softmax"].Shipped);
        Assert.Equal("edited elsewhere", stale.Manifest["never-trained"].Description);

        // Now the recipe itself changes on disk: the run no longer is that model's, so nothing is shipped.
        var staleAgain = ModelZoo.Open("fmnist", root);
        var changed = onDisk["tiny-softmax"] with { Train = [.. onDisk["tiny-softmax"].Train, "--clip", "1"], Shipped = null };
        onDisk.With(changed).Save(staleAgain.ManifestPath);
        var e = Assert.Throws<InvalidOperationException>(() =>
            staleAgain.Ship("tiny-softmax", run, "robustnb train ...", "0000000000000000000000000000000000000000", images, test));
        Assert.Contains("tiny-softmax's recipe changed", e.Message);
        Assert.Contains("--clip 1", e.Message);
        Assert.Null(ModelZoo.Open("fmnist", root).Manifest["tiny-softmax"].Shipped);
        Assert.False(File.Exists(staleAgain.ManifestPath + ".lock"));
    }

    [Fact]
    public void ShippingARunOfAnotherRecipeIsRefused()
    {
        var root = WriteTinyZoo(Path.Combine(_dir, "zoo"));
        var run = Path.Combine(_dir, "other");
        Assert.Equal(0, CapturedRun.Of(["train", .. Tiny, "--loss", "softmax", "--lr", "0.02", "--out", run]).Exit);
        var ship = CapturedRun.Of("zoo", "ship", "tiny-softmax", "--run", run, "--zoo", root);
        Assert.True(ship.Exit == 1 && ship.Err.Contains("not trained with zoo model tiny-softmax's recipe"), ship.ToString());
        Assert.Null(ModelZoo.Open("fmnist", root).Manifest["tiny-softmax"].Shipped);
    }

    [Fact]
    public void AManifestWhoseRecordedSeedDisagreesWithItsArgumentsIsRejected()
    {
        var root = WriteTinyZoo(Path.Combine(_dir, "zoo"));
        var path = Path.Combine(root, "fmnist", ZooManifest.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["models"]![0]!["seed"] = 5;
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => ZooManifest.Load(path));
        Assert.Contains("tiny-softmax", e.Message);
        Assert.Contains("--seed 4", e.Message);
        json["models"]![0]!["seed"] = 4;
        json["models"]![0]!["train"]!.AsArray().Add("--out");
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("--out", Assert.Throws<InvalidDataException>(() => ZooManifest.Load(path)).Message);
    }

    /// <summary>The repository's zoo: every shipped model's files match their hashes, its recorded clean
    /// accuracy recomputes exactly on the check slice, and the whole fits the budget; every recipe this
    /// build's train verb knows the options of parses.</summary>
    [Fact]
    public void TheRepositoryZooIsIntactAndItsShippedModelsMeasureWhatTheyRecord()
    {
        var zoo = ModelZoo.Open("fmnist");
        Assert.Empty(zoo.Verify());
        Assert.Contains(zoo.Manifest.Models, m => m.Name == "softmax");
        Assert.Contains(zoo.Manifest.Models, m => m.Name == "pcl" && m.From == "softmax");
        var test = Datasets.LoadOrPrepare("fashion-mnist", DataSplit.Test);
        using var images = TensorImageSet.From(test);
        foreach (var m in zoo.Manifest.Models.Where(m => m.Shipped is not null))
            Assert.Equal(m.Shipped!.Check, ModelZoo.CleanCheck(zoo.ModelDirectory(m.Name), images, test, zoo.Manifest.CheckSamples));
        // The softmax/PCL recipes use options the train verb has today; the defenses' recipes need --adv (defenses issue).
        foreach (var m in zoo.Manifest.Models.Where(m => !m.Train.Any(a => a.StartsWith("--adv") || a is "--alp" or "--denoise")))
            Assert.Null(ZooCommand.RecipeProblem(m));
    }
}
