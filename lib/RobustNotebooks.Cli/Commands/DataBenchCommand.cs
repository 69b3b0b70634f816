using System.CommandLine;
using System.Diagnostics;
using RobustNotebooks.Data;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Cli.Commands;

/// <summary><c>robustnb data bench</c>: how long Fashion-MNIST takes to load and to batch.</summary>
public sealed class DataBenchCommand : IVerb
{
    private readonly Option<string?> _root = DataCommand.RootOption();
    private readonly Option<int> _repeat = CliOption.Int("--repeat", "runs of each measurement (the best is reported)", 3, min: 1);

    public string Parent => "data";

    public Command Create()
    {
        var command = new Command("bench", "time Fashion-MNIST loading and batching") { _root, _repeat };
        command.SetAction(parse => Bench(DataCommand.Root(parse, _root), parse.GetValue(_repeat)));
        return command;
    }

    private static int Bench(string root, int repeat)
    {
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
