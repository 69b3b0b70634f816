using System.Diagnostics;
using RobustNotebooks.Data;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data list|prepare|bench|manifest</c>: the data root's contents and upkeep.</summary>
public sealed class DataCommand : ICommand
{
    public string Name => "data";
    public string Summary => "data sets: list (status), prepare (install what this machine has), bench (load time), manifest";

    public int Run(string[] args)
    {
        var line = new CommandLine(args, ["root", "repeat"], ["no-verify"]);
        if (line.Positional.Count != 1)
            throw new UsageException("usage: robustnb data list|prepare|bench|manifest [--root DIR] [--no-verify] [--repeat N]");
        var root = line.Get("root") is { } r ? Path.GetFullPath(r) : DataRoot.Resolve();
        switch (line.Positional[0])
        {
            case "list":
                Console.WriteLine($"data root: {root}");
                return List(root, verify: !line.Flag("no-verify"));
            case "prepare":
                Console.WriteLine($"data root: {root}");
                foreach (var entry in DataPreparation.Prepare(root, DataRoot.FindRepositoryRoot())) Console.WriteLine("  " + entry);
                Console.WriteLine();
                return List(root, verify: true);
            case "bench":
                return Bench(root, line.GetInt("repeat", 3));
            case "manifest":
                var repository = DataRoot.FindRepositoryRoot() ?? throw new UsageException("not inside the repository");
                var path = Path.Combine(repository, "data", "manifest.json");
                File.WriteAllText(path, DataManifest.ToJson());
                Console.WriteLine($"wrote {path}");
                return 0;
            default:
                throw new UsageException($"unknown data action '{line.Positional[0]}'; expected list, prepare, bench or manifest");
        }
    }

    private static int List(string root, bool verify)
    {
        bool damaged = false;
        foreach (var info in DatasetCatalog.All)
        {
            var status = DatasetStatus.Check(info, root, verify);
            damaged |= status.Damaged;
            Console.WriteLine($"{info.Id,-14} {info.Name,-14} {status.Summary}");
            var missing = status.Files.Where(f => f.State == DatasetStatus.FileState.Missing).ToList();
            if (missing.Count == status.Files.Count && info.Archive is not null)
                // One archive brings them all: name the folder and files once rather than a line per file.
                Console.WriteLine($"    put {string.Join(", ", missing.Select(f => f.File.Name))} in {Path.Combine(root, info.Folder)}");
            else
                foreach (var f in missing) Console.WriteLine($"    missing  {f.Path}: get it from {f.File.Source}");
            foreach (var f in status.Files.Where(f => f.State == DatasetStatus.FileState.Mismatch))
                Console.WriteLine($"    damaged  {f.Path}: {f.Detail}");
            if (!status.Complete && info.Archive is not null) Console.WriteLine($"    official download: {info.Archive}");
        }
        return damaged ? 1 : 0;
    }

    private static int Bench(string root, int repeat)
    {
        if (repeat < 1) throw new UsageException("--repeat must be at least 1");
        Console.WriteLine($"Fashion-MNIST from {Path.Combine(root, DatasetCatalog.FashionMnist.Folder)}: train + test (70,000 images), gzip decode + parse");
        var times = new List<double>();
        for (int i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            var train = Datasets.FashionMnist(DataSplit.Train, root);
            var test = Datasets.FashionMnist(DataSplit.Test, root);
            watch.Stop();
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"  run {i + 1}: {watch.Elapsed.TotalSeconds:F3} s ({train.Count + test.Count} images)");
        }
        Console.WriteLine($"best {times.Min():F3} s, median {times.Order().ElementAt(times.Count / 2):F3} s");

        // What batching costs per epoch: the whole set as one tensor, batches by index_select.
        var set = Datasets.FashionMnist(DataSplit.Train, root);
        var warmup = Stopwatch.StartNew();
        using (torch.zeros(1)) { }
        Console.WriteLine($"libtorch load (first tensor, not counted below): {warmup.Elapsed.TotalSeconds:F3} s, {torch.get_num_threads()} intra-op threads");
        var watch2 = Stopwatch.StartNew();
        using var tensors = TensorImageSet.From(set);
        Console.WriteLine($"to tensor (60,000 × 1×28×28 float32, {tensors.Device}): {watch2.Elapsed.TotalSeconds:F3} s");
        foreach (var (label, transform) in new (string, IBatchTransform?)[]
                 {
                     ("shuffled batches of 128", null),
                     ("… + random crop (pad 4)", new RandomCrop(4, 1)),
                     ("… + horizontal flip", new RandomHorizontalFlip(1)),
                     ("… + normalise", new Normalize(ChannelStatistics.FashionMnist)),
                     ("… + crop, flip, normalise", Compose.PaperCifarTraining(ChannelStatistics.FashionMnist, 1)),
                 })
        {
            var loader = new DataLoader(tensors, 128, shuffle: true, seed: 1, transform: transform);
            var epochTimes = new List<double>();
            for (int i = 0; i < repeat; i++)
            {
                var w = Stopwatch.StartNew();
                foreach (var batch in loader) batch.Dispose();
                epochTimes.Add(w.Elapsed.TotalSeconds);
            }
            double best = epochTimes.Min();
            Console.WriteLine($"epoch, {label}: best {best:F3} s ({loader.Count} batches, {best / loader.Count * 1000:F2} ms per batch)");
        }
        return 0;
    }
}
