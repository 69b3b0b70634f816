using System.Diagnostics;
using System.Reflection;
using RobustNotebooks.Data;
using RobustNotebooks.Defenses;
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
        Adversarial = config.AdversarialTraining;
        Adversarial.Validate();

        var dataset = ResolveDataset(config.Dataset);
        DatasetName = dataset.Name;
        _statistics = ChannelStatistics.For(dataset.Id);
        var train = Datasets.LoadOrPrepare(dataset.Id, DataSplit.Train, _log);
        var test = Datasets.LoadOrPrepare(dataset.Id, DataSplit.Test, _log);
        _train = TensorImageSet.From(train, Device);
        _test = TensorImageSet.From(test, Device);

        manual_seed(config.Seed);
        Model = CreateModel(config, train.ClassCount, train.Channels, train.Height, _statistics).to(Device);
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

    /// <summary>A custom adversarial generator (e.g. an attack object) that replaces the configured
    /// inner maximisation: given the model (in eval mode), clean images and labels, it returns
    /// adversarial images, mixed into the loss as <see cref="TrainConfig.AdvCleanWeight"/> says (1:1
    /// when no method is configured). It is not saved with the run: resuming it exactly is the
    /// caller's business; <see cref="TrainConfig.Adversarial"/> is the setting that checkpoints.</summary>
    public Func<FeatureClassifier, Tensor, Tensor, Tensor>? AdversarialExamples { get; set; }

    /// <summary>The adversarial training of this run (from the config; "none" when off).</summary>
    public AdversarialTraining Adversarial { get; }

    /// <summary>The model a configuration describes, freshly initialised: the catalogue's network with
    /// the feature-denoising blocks of <see cref="TrainConfig.Denoise"/>. Loading a run's weights needs
    /// this same architecture.</summary>
    public static FeatureClassifier CreateModel(TrainConfig config, int classCount, int channels, int imageSize, ChannelStatistics statistics)
    {
        var denoising = config.Denoise is { Length: > 0 } spec ? FeatureDenoising.Parse(spec) : null;
        var model = ModelCatalog.Create(config.Model, classCount, channels, imageSize, statistics, config.EmbeddingDim, denoising?.Factory);
        try
        {
            denoising?.EnsureApplied(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>Where <see cref="Run"/> reports its progress (one task over all its batches, with the epoch
    /// and the running loss as detail); null: the ambient sink (<see cref="AmbientProgress"/>: the command
    /// line's bar, a notebook's display that updates in place), else plain lines on the log.</summary>
    public IProgress<ProgressReport>? Progress { get; set; }

    /// <summary>Called after each epoch with its metrics (for live plots in notebooks).</summary>
    public event Action<EpochMetrics>? EpochCompleted;

    /// <summary>Called after each training step with the 0-based epoch and the number of batches done in it.</summary>
    public event Action<int, int>? BatchCompleted;

    /// <summary>Trains the remaining epochs; returns the whole history. Stops (OperationCanceledException)
    /// at the next batch once <paramref name="cancellation"/> or the host's ambient token is cancelled.</summary>
    public IReadOnlyList<EpochMetrics> Run(CancellationToken cancellation = default)
    {
        int batchesPerEpoch = new DataLoader(_train, Config.BatchSize, limit: Config.Limit).Count;
        using var progress = new ProgressTracker($"train {Config.Model} {Config.Loss}", (long)(Config.Epochs - CompletedEpochs) * batchesPerEpoch,
            "batches", AmbientProgress.Choose(Progress, new ProgressLog(_log)));
        for (int epoch = CompletedEpochs; epoch < Config.Epochs; epoch++)
        {
            AmbientCancellation.ThrowIfCancellationRequested(cancellation);
            var metrics = TrainEpoch(epoch, progress, cancellation);
            _history.Add(metrics);
            _scheduler.step();
            SaveCheckpoint();
            // The epoch's metrics are results: a printed line that stays, whatever shows the progress.
            _log.WriteLine(metrics);
            EpochCompleted?.Invoke(metrics);
        }
        progress.Finish(_history.Count > 0 ? $"{_history.Count} epochs, test accuracy {_history[^1].TestAccuracy:P2}" : null);
        return _history;
    }

    private EpochMetrics TrainEpoch(int epoch, ProgressTracker progress, CancellationToken cancellation)
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
        int seen = 0, batchIndex = 0;
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
                var adversarial = Adversarial.Enabled || AdversarialExamples is not null
                    ? AdversarialBatch(images, labels, epochSeed, batchIndex) : null;
                var (output, loss, rows) = StepLoss(images, labels, adversarial, sums);
                Accumulate(sums, "total", loss);
                correct.add_(output.Logits.argmax(1).eq(rows).sum());
                _optimizer.zero_grad();
                loss.backward();
                if (Config.ClipGradNorm > 0) GradientClipping.ClipGradNorm(_trainable, Config.ClipGradNorm);
                _optimizer.step();
                Pcl?.StepPrototypes(prototypeRateScale);
                seen += (int)rows.size(0);
                BatchCompleted?.Invoke(epoch, batchIndex + 1);
                batchIndex++;
                if (batchIndex % DivergenceCheckEvery == 0) CheckFinite(sums["total"], epoch, batchIndex);
                // The running loss is read from the device only for the reports that go out.
                progress.Step(1, () => $"epoch {epoch + 1}/{Config.Epochs} [{batchIndex}/{loader.Count}], loss {sums["total"].ToDouble() / batchIndex:G4}");
            }
            if (batchIndex > 0) CheckFinite(sums["total"], epoch, batchIndex);
            progress.Update(progress.Done, () => $"epoch {epoch + 1}/{Config.Epochs}: measuring the test set", force: true);
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
    private Tensor AdversarialBatch(Tensor images, Tensor labels, ulong epochSeed, int batchIndex)
    {
        Model.eval();
        try
        {
            if (AdversarialExamples is not null)
            {
                using var custom = AdversarialExamples(Model, images, labels);
                return custom.detach();
            }
            // One seed per (seed, epoch, batch): the attack's draws repeat in a resumed run.
            manual_seed((long)(MixSeed((long)(epochSeed & long.MaxValue), batchIndex) & long.MaxValue));
            return Adversarial.Generate(Model, images, labels, Adversarial.DrawEps());
        }
        finally
        {
            Model.train();
        }
    }

    private static string? RunPath(string? path) =>
        path is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The step's forward pass and loss. Without adversarial training: L(x). With it, one
    /// forward over the clean and adversarial images together (or the adversarials alone when the
    /// clean half carries no weight), then α·L(x) + (1 − α)·L(x′) [+ λ·logit pairing], or for TRADES
    /// L(x) + β·KL(p(x) ‖ p(x′)). L is the cross-entropy plus, for PCL runs, the prototype loss.
    /// Returns the output, the loss and the labels of the output's rows.</summary>
    private (ModelOutput Output, Tensor Loss, Tensor Labels) StepLoss(Tensor images, Tensor labels, Tensor? adversarial, Dictionary<string, Tensor> sums)
    {
        if (adversarial is null)
        {
            var plain = Model.forward(images);
            return (plain, BaseLoss(plain, labels, "", sums), labels);
        }
        var a = Adversarial;
        // A custom hook without a configured method keeps its 1:1 mix of clean and adversarial images.
        double alpha = a.IsTrades ? 1.0 : a.Enabled ? a.EffectiveCleanWeight : 0.5;
        if (alpha == 0 && a.LogitPairing == 0)
        {
            var only = Model.forward(adversarial);
            return (only, BaseLoss(only, labels, "adv/", sums), labels);
        }
        long n = images.size(0);
        var output = Model.forward(cat([images, adversarial]));
        var clean = output.Rows(0, n);
        var adv = output.Rows(n, n);
        var both = cat([labels, labels]);
        Tensor loss;
        if (a.IsTrades)
        {
            var kl = Trades.Divergence(clean.Logits, adv.Logits);
            Accumulate(sums, "trades_kl", kl);
            loss = BaseLoss(clean, labels, "", sums) + kl * a.TradesBeta;
        }
        else
        {
            loss = BaseLoss(clean, labels, "", sums) * alpha + BaseLoss(adv, labels, "adv/", sums) * (1 - alpha);
            if (a.LogitPairing > 0)
            {
                var pairing = LogitPairing.Penalty(clean.Logits, adv.Logits);
                Accumulate(sums, "logit_pairing", pairing);
                loss = loss + pairing * a.LogitPairing;
            }
        }
        return (output, loss, both);
    }

    private Tensor BaseLoss(ModelOutput output, Tensor labels, string prefix, Dictionary<string, Tensor> sums)
    {
        var ce = nn.functional.cross_entropy(output.Logits, labels);
        Accumulate(sums, prefix + "cross_entropy", ce);
        if (Pcl is null) return ce;
        var terms = Pcl.forward(output, labels);
        foreach (var (name, value) in terms.Terms) Accumulate(sums, prefix + name, value);
        return ce + terms.Total;
    }

    /// <summary>How often (in batches) the running loss is read back to catch a diverged run early; a NaN
    /// stays NaN in the sum, so no batch goes unchecked.</summary>
    private const int DivergenceCheckEvery = 16;

    private void CheckFinite(Tensor lossSum, int epoch, int batches)
    {
        var mean = lossSum.ToDouble() / batches;
        if (!double.IsFinite(mean)) throw new TrainingDivergedException(RunDirectory, epoch, batches, mean);
    }

    // Running sums stay on the device; they are read once per report line, every DivergenceCheckEvery batches
    // and once per epoch.
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
        // Denoising blocks start as the identity, so a model without them is a valid start: only the
        // blocks' own weights may be missing from the file, nothing else.
        LoadStateDictResult result;
        try { result = Model.load(path, strict: Config.Denoise is null); }
        catch (StateDictException e) { throw new InvalidDataException($"--from {from}: {path} does not fit this model: {e.Message}", e); }
        var foreign = result.missing_keys.Where(k => !k.StartsWith(StageBlocks.ChildName + ".", StringComparison.Ordinal)).Concat(result.unexpected_keys).ToList();
        if (foreign.Count > 0)
            throw new InvalidDataException($"--from {from}: {path} does not fit this model apart from its denoising blocks (missing or unexpected: {string.Join(", ", foreign.Take(5))})");
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
