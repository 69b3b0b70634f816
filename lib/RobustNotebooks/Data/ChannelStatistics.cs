namespace RobustNotebooks.Data;

/// <summary>Per-channel mean and standard deviation of [0,1] pixels, the constants of a Normalize step
/// (or of a normalisation layer in front of a model, so attacks can work in pixel space).</summary>
public sealed record ChannelStatistics(float[] Mean, float[] Std)
{
    /// <summary>CIFAR-10 as in the PCL paper's code (§2.4 of research/paper.md). The std values are the
    /// widely copied ones, smaller than the true per-pixel std (about 0.247, 0.243, 0.261); they are
    /// kept because the paper's checkpoints were trained with them.</summary>
    public static readonly ChannelStatistics Cifar10 = new([0.4914f, 0.4822f, 0.4465f], [0.2023f, 0.1994f, 0.2010f]);

    /// <summary>CIFAR-100 training-set statistics as commonly used with CIFAR-100 code bases.</summary>
    public static readonly ChannelStatistics Cifar100 = new([0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]);

    /// <summary>MNIST training-set mean and std (the torchvision example's constants).</summary>
    public static readonly ChannelStatistics Mnist = new([0.1307f], [0.3081f]);

    /// <summary>Fashion-MNIST training set, computed from the data (a test recomputes it).</summary>
    public static readonly ChannelStatistics FashionMnist = new([0.2860f], [0.3530f]);

    /// <summary>MNIST-10k training split, computed from the data (a test recomputes it).</summary>
    public static readonly ChannelStatistics Mnist10k = new([0.1310f], [0.3086f]);

    /// <summary>SVHN training set as commonly used; not computed here, since SVHN is not on this machine.</summary>
    public static readonly ChannelStatistics Svhn = new([0.4377f, 0.4438f, 0.4728f], [0.1980f, 0.2010f, 0.1970f]);

    /// <summary>The constants for a data set, by id or name ("cifar-10", "CIFAR-10", …).</summary>
    public static ChannelStatistics For(string dataset) => DatasetCatalog.Get(dataset).Id switch
    {
        "mnist" => Mnist,
        "fashion-mnist" => FashionMnist,
        "mnist10k" => Mnist10k,
        "cifar-10" => Cifar10,
        "cifar-100" => Cifar100,
        "svhn" => Svhn,
        var id => throw new ArgumentException($"no statistics for {id}"),
    };

    /// <summary>Mean and (population) std per channel over all pixels of a set, in [0,1] units.</summary>
    public static ChannelStatistics Compute(ImageSet set)
    {
        int plane = set.Height * set.Width;
        var sum = new double[set.Channels];
        var squares = new double[set.Channels];
        var pixels = set.Pixels;
        for (int i = 0; i < set.Count; i++)
            for (int c = 0; c < set.Channels; c++)
            {
                long s = 0, q = 0;
                int at = (i * set.Channels + c) * plane;
                for (int k = 0; k < plane; k++)
                {
                    int v = pixels[at + k];
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                squares[c] += q;
            }
        double n = (double)set.Count * plane;
        var mean = new float[set.Channels];
        var std = new float[set.Channels];
        for (int c = 0; c < set.Channels; c++)
        {
            double m = sum[c] / n / 255;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max(0, squares[c] / n / (255.0 * 255) - m * m));
        }
        return new ChannelStatistics(mean, std);
    }
}
