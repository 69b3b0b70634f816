using RobustNotebooks.Torch;

namespace RobustNotebooks.Nn;

/// <summary>Batch normalisation over the channels of N×C×H×W input. In training it normalises
/// with the batch statistics and updates running_mean / running_var (unbiased variance) with
/// <c>momentum</c> (a null momentum gives the cumulative average), counting batches in
/// num_batches_tracked; in evaluation it uses the running statistics.</summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>
{
    public long num_features { get; }
    public double eps { get; set; }
    public double? momentum { get; set; }
    public bool affine { get; }
    public bool track_running_stats { get; }

    public BatchNorm2d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool track_running_stats = true,
        Device? device = null, ScalarType? dtype = null)
    {
        if (num_features <= 0) throw new ArgumentException($"BatchNorm2d: num_features must be positive, got {num_features}", nameof(num_features));
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        register_parameter("weight", affine ? torch.ones([num_features], dtype, device) : null);
        register_parameter("bias", affine ? torch.zeros([num_features], dtype, device) : null);
        register_buffer("running_mean", track_running_stats ? torch.zeros([num_features], dtype, device) : null);
        register_buffer("running_var", track_running_stats ? torch.ones([num_features], dtype, device) : null);
        register_buffer("num_batches_tracked", track_running_stats ? torch.zeros([], ScalarType.Int64, device) : null);
    }

    public Tensor? weight => get_parameter("weight");
    public Tensor? bias => get_parameter("bias");
    public Tensor? running_mean => get_buffer("running_mean");
    public Tensor? running_var => get_buffer("running_var");
    public Tensor? num_batches_tracked => get_buffer("num_batches_tracked");

    public void reset_running_stats()
    {
        if (!track_running_stats) return;
        using (torch.no_grad())
        {
            running_mean!.zero_();
            running_var!.fill_(1);
            num_batches_tracked!.zero_();
        }
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new TorchException($"BatchNorm2d: expected 4D input (got {input.dim()}D input)");
        var factor = momentum ?? 0.0;
        if (training && track_running_stats)
        {
            using (torch.no_grad()) num_batches_tracked!.add_(1);
            if (momentum is null) factor = 1.0 / num_batches_tracked!.item<long>();
        }
        // Without running statistics, evaluation falls back to batch statistics, as in PyTorch.
        var useBatchStats = training || (running_mean is null && running_var is null);
        var passStats = !training || track_running_stats;
        return torch.nn.functional.batch_norm(input, passStats ? running_mean : null, passStats ? running_var : null,
            weight, bias, useBatchStats, factor, eps);
    }

    public override string extra_repr() =>
        $"{num_features}, eps={Repr.Number(eps)}, momentum={(momentum is { } m ? Repr.Number(m) : "None")}, affine={Repr.Bool(affine)}, track_running_stats={Repr.Bool(track_running_stats)}";
}
