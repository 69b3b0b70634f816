using System.Diagnostics;
using System.Reflection;
using RobustNotebooks.Data;
using RobustNotebooks.Losses;
using RobustNotebooks.Models;
using RobustNotebooks.Nn;
using RobustNotebooks.Optim;
using RobustNotebooks.Torch;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Training;

/// <summary>Trains a classifier with softmax (phase 1) or softmax + PCL (phase 2, usually started
/// from a phase-1 run with <see cref="TrainConfig.From"/>), measuring every epoch and writing a
/// checkpoint after each. A run resumed from its checkpoint ends with the same weights as an
/// uninterrupted one: every epoch reseeds libtorch and the data order from (seed, epoch).</summary>
public sealed class Trainer : IDisposable
{
    /// <summary>Short names accepted for data sets beside their catalog ids (fmnist for fashion-mnist).</summary>
    public static IReadOnlyDictionary<string, string> DatasetAliases { get; } = new Dictionary<string, string>
    {
        ["fmnist"] = "fashion-mnist", ["cifar10"] = "cifar-10", ["cifar100"] = "cifar-100",
    };

    /// <summary>A data set by catalogue id or command-line alias (fmnist, cifar10, cifar100).</summary>
    public static DatasetInfo ResolveDataset(string nameOrAlias) => DatasetCatalog.Get(DatasetAliases.GetValueOrDefault(nameOrAlias, nameOrAlias));

    private readonly TextWriter _log;
    private readonly List<EpochMetrics> _history = new();
    private readonly TensorImageSet _train;
    private readonly TensorImageSet _test;
    private readonly SGD _optimizer;
    private readonly MultiStepLR _scheduler;
    private readonly List<Tensor> _trainable;
    private readonly ChannelStatistics _statistics;

    public Trainer(TrainConfig config, string runDirectory, bool resume = false, TextWriter? log = null)
    {
        // The same run directory written differently (relative, trailing slash) is the same run.
        config = config with { From = RunPath(config.From) };
        Config = config;
        RunDirectory = runDirectory;
        _log = log ?? Console.Out;
        Device = Device.Parse(config.Device);
        if (Device.Type == DeviceType.CUDA && !cuda.is_available())
            throw new ArgumentException($"device {Device} was asked for but CUDA is not available in this libtorch build");
        if (config.Epochs < 1) throw new ArgumentException($"epochs must be at least 1, got {config.Epochs}");
        if (config.BatchSize < 1) throw new ArgumentException($"the batch size must be at least 1, got {config.BatchSize}");
        if (config.Loss is not ("softmax" or "pcl")) throw new ArgumentException($"loss must be softmax or pcl, got '{config.Loss}'");
        if (resume && !RunCheckpoint.Exists(runDirectory))
            throw new InvalidOperationException($"--resume: {runDirectory} holds no checkpoint ({RunCheckpoint.StateFile}) to continue; leave out --resume to start a new run there");

        var dataset = ResolveDataset(config.Dataset);
        DatasetName = dataset.Name;
        _statistics = ChannelStatistics.For(dataset.Id);
        var train = Datasets.LoadOrPrepare(dataset.Id, DataSplit.Train, _log);
        var test = Datasets.LoadOrPrepare(dataset.Id, DataSplit.Test, _log);
        _train = TensorImageSet.From(train, Device);
        _test = TensorImageSet.From(test, Device);

        manual_seed(config.Seed);
        Model = ModelCatalog.Create(config.Model, train.ClassCount, train.Channels, train.Height, _statistics, config.EmbeddingDim).to(Device);
        if (config.From is not null) LoadWeights(config.From);
        if (config.IsPcl)
        {
            Pcl = CreatePcl(config, Model, train.ClassCount, train.Channels, train.Height).to(Device);
        }
        GeometryLayers = config.PclLayers.Select(l => PclLayer.Parse(l).Feature).Where(Model.FeatureNames.Contains).Distinct().ToList();
        _trainable = Model.parameters().Concat(Pcl?.HeadParameters() ?? []).ToList();
        _optimizer = new SGD(_trainable, config.LearningRate, momentum: config.Momentum, weight_decay: config.WeightDecay);
        _scheduler = new MultiStepLR(_optimizer, config.LrMilestones.ToArray(), config.LrGamma);

        if (RunCheckpoint.Exists(runDirectory))
        {
            if (!resume)
                throw new InvalidOperationException($"{runDirectory} already holds a checkpoint; pass resume (--resume) to continue it, or choose another output directory");
            var info = RunCheckpoint.Restore(runDirectory, Model, Pcl, _optimizer, Device);
            if (info.Config with { Epochs = config.Epochs, From = RunPath(info.Config.From) } != config)
                throw new InvalidOperationException($"{runDirectory} holds a run with another configuration; resume needs the same settings (epochs may grow)");
            _scheduler.load_state_dict(info.SchedulerState);
            _history.AddRange(info.Metrics);
            _log.WriteLine($"resuming {runDirectory} after epoch {info.CompletedEpochs}");
        }
    }

    public TrainConfig Config { get; }
    public string RunDirectory { get; }
    public Device Device { get; }
    public string DatasetName { get; }
    public FeatureClassifier Model { get; }
    public PrototypeConformityLoss? Pcl { get; }
    /// <summary>Model features whose geometry is measured each epoch (the PCL layers).</summary>
    public IReadOnlyList<string> GeometryLayers { get; }
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>The epochs so far as a DataFrame (see <see cref="TrainingHistory"/>); notebooks display it as a table.</summary>
    public Microsoft.Data.Analysis.DataFrame HistoryFrame() => TrainingHistory.ToDataFrame(DatasetName, Config, _history);
    public int CompletedEpochs => _history.Count;

    /// <summary>Adversarial training: given the model (in eval mode), clean images and labels, returns
    /// adversarial images; each batch is then the clean images followed by these, with the same labels
    /// (the 1:1 mix of the official PCL adversarial-training scripts).</summary>
    public Func<FeatureClassifier, Tensor, Tensor, Tensor>? AdversarialExamples { get; set; }

    /// <summary>Called after each epoch with its metrics (for live plots in notebooks).</summary>
    public event Action<EpochMetrics>? EpochCompleted;

    /// <summary>Called after each training step with the 0-based epoch and the number of batches done in it.</summary>
    public event Action<int, int>? BatchCompleted;

    /// <summary>Trains the remaining epochs; returns the whole history. Stops (OperationCanceledException)
    /// at the next batch once <paramref name="cancellation"/> or the host's ambient token is cancelled.</summary>
    public IReadOnlyList<EpochMetrics> Run(CancellationToken cancellation = default)
    {
        for (int epoch = CompletedEpochs; epoch < Config.Epochs; epoch++)
        {
            AmbientCancellation.ThrowIfCancellationRequested(cancellation);
            var metrics = TrainEpoch(epoch, cancellation);
            _history.Add(metrics);
            _scheduler.step();
            SaveCheckpoint();
            _log.WriteLine(metrics);
            EpochCompleted?.Invoke(metrics);
        }
        return _history;
    }

    private EpochMetrics TrainEpoch(int epoch, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var epochSeed = MixSeed(Config.Seed, epoch);
        manual_seed((long)(epochSeed & long.MaxValue));
        var loader = new DataLoader(_train, Config.BatchSize, shuffle: true, seed: epochSeed, limit: Config.Limit,
            transform: Config.Augment ? new Compose(new RandomCrop(4, epochSeed ^ 0x5eed), new RandomHorizontalFlip(epochSeed ^ 0xf11b)) : null);
        var lr = _optimizer.param_groups[0].lr;
        var prototypeRateScale = lr / Config.LearningRate;
        var sums = new Dictionary<string, Tensor>();
        using var correct = zeros([], ScalarType.Int64, Device);
        int seen = 0, batchIndex = 0, report = Math.Max(1, loader.Count / 10);
        Model.train();
        Pcl?.train();
        try
        {
            foreach (var batch in loader)
            {
                AmbientCancellation.ThrowIfCancellationRequested(cancellation);
                // The loader builds the batch before this step's scope opens, so it is freed explicitly.
                using var ownedBatch = batch;
                using var scope = NewDisposeScope();
                var (images, labels) = batch;
                if (AdversarialExamples is not null)
                {
                    images = cat([images, AdversarialBatch(images, labels)]);
                    labels = cat([labels, labels]);
                }
                var output = Model.forward(images);
                var ce = nn.functional.cross_entropy(output.Logits, labels);
                var loss = ce;
                Accumulate(sums, "cross_entropy", ce);
                if (Pcl is not null)
                {
                    var terms = Pcl.forward(output, labels);
                    loss = ce + terms.Total;
                    foreach (var (name, value) in terms.Terms) Accumulate(sums, name, value);
                }
                Accumulate(sums, "total", loss);
                correct.add_(output.Logits.argmax(1).eq(labels).sum());
                _optimizer.zero_grad();
                loss.backward();
                if (Config.ClipGradNorm > 0) GradientClipping.ClipGradNorm(_trainable, Config.ClipGradNorm);
                _optimizer.step();
                Pcl?.StepPrototypes(prototypeRateScale);
                seen += (int)labels.size(0);
                BatchCompleted?.Invoke(epoch, batchIndex + 1);
                if (++batchIndex % report == 0 || batchIndex == loader.Count)
                    _log.WriteLine($"  epoch {epoch + 1}/{Config.Epochs} [{batchIndex}/{loader.Count}] loss={sums["total"].ToDouble() / batchIndex:G4}");
            }
            var evaluation = Evaluate.Run(Model, new DataLoader(_test, 256, limit: Config.Limit), Pcl, GeometryLayers, cancellation);
            return new EpochMetrics
            {
                Epoch = epoch,
                LearningRate = lr,
                TrainLoss = sums.ToDictionary(kv => kv.Key, kv => kv.Value.ToDouble() / Math.Max(1, batchIndex)),
                TrainAccuracy = seen == 0 ? double.NaN : correct.ToDouble() / seen,
                TestAccuracy = evaluation.Accuracy,
                NearestPrototypeAccuracy = evaluation.NearestPrototypeAccuracy,
                Geometry = evaluation.Geometry,
                Seconds = clock.Elapsed.TotalSeconds,
                TrainSamples = seen,
                TestSamples = evaluation.Samples,
            };
        }
        finally
        {
            foreach (var t in sums.Values) t.Dispose();
        }
    }

    // The attack sees the model in eval mode and the step trains it again, even when the attack throws.
    // Its output is a constant input to the step: no gradient flows back into the attack's graph.
    private Tensor AdversarialBatch(Tensor images, Tensor labels)
    {
        Model.eval();
        try
        {
            using var adversarial = AdversarialExamples!(Model, images, labels);
            return adversarial.detach();
        }
        finally
        {
            Model.train();
        }
    }

    private static string? RunPath(string? path) =>
        path is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    // Running sums stay on the device; they are read once per report line and once per epoch.
    private static void Accumulate(Dictionary<string, Tensor> sums, string name, Tensor value)
    {
        using var detached = value.detach();
        if (sums.TryGetValue(name, out var sum)) sum.add_(detached);
        else sums[name] = detached.clone().DetachFromDisposeScope();
    }

    /// <summary>The prototype loss a PCL configuration trains (its heads and prototypes fresh).</summary>
    public static PrototypeConformityLoss CreatePcl(TrainConfig config, FeatureClassifier model, int classCount, int channels, int imageSize)
    {
        var dims = ModelCatalog.FeatureDims(model, channels, imageSize);
        var layers = config.PclLayers.Select(PclLayer.Parse).ToList();
        return config.PclVariant switch
        {
            "official" => new OfficialPcl(layers, dims, classCount,
                config.WeightProximity, config.WeightContrast, config.LrProximity, config.LrContrast),
            "paper" => new PaperPcl(layers, dims, classCount, config.PaperWeight, config.PaperLrPrototypes),
            _ => throw new ArgumentException($"pcl variant must be official or paper, got '{config.PclVariant}'"),
        };
    }

    private static ulong MixSeed(long seed, int epoch)
    {
        // SplitMix64 of (seed, epoch): independent streams per epoch from one user seed.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)(epoch + 1) * 0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private void LoadWeights(string from)
    {
        var path = Directory.Exists(from) ? Path.Combine(from, RunCheckpoint.ModelFile) : from;
        if (!File.Exists(path))
            throw new FileNotFoundException($"--from {from}: no {RunCheckpoint.ModelFile} there; give a finished run directory or a .safetensors file", path);
        Model.load(path);
        _log.WriteLine($"starting from the weights in {path}");
    }

    private void SaveCheckpoint()
    {
        using var state = _optimizer.state_dict();
        var info = new RunCheckpoint.Info(Config, CompletedEpochs, state.Scalars, _scheduler.state_dict(), _history, Versions());
        RunCheckpoint.Save(RunDirectory, info, Model, Pcl, state);
        DataFrameCsv.Save(HistoryFrame(), Path.Combine(RunDirectory, "metrics.csv"));
    }

    public static IReadOnlyDictionary<string, string> Versions() => new Dictionary<string, string>
    {
        ["robustnotebooks"] = typeof(Trainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        ["libtorch"] = __version__,
        ["dotnet"] = Environment.Version.ToString(),
    };

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        Pcl?.Dispose();
        _train.Dispose();
        _test.Dispose();
    }
}
