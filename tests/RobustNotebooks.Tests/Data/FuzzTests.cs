using RobustNotebooks.Data;
using static RobustNotebooks.Tests.Data.OfficialFormatWriter;

namespace RobustNotebooks.Tests.Data;

/// <summary>Seeded random truncations and byte flips of small valid files in every format: each case
/// must either load a well-formed set or throw <see cref="DataFormatException"/>; any other exception,
/// or a case that does not finish, fails the test.</summary>
public class FuzzTests
{
    private const int CasesPerFormat = 1200;

    /// <param name="Checksummed">gzip and zlib carry checksums: a damaged file that still loads must load the original data</param>
    private sealed record Format(string Name, byte[] Valid, Func<string, ImageSet> Load, bool Checksummed);

    private static readonly byte[] IdxPixels = SyntheticImages.Bytes(6 * 5 * 4, 11);
    private static readonly byte[] IdxLabels = SyntheticImages.Labels(6, 10, 11).Select(l => (byte)l).ToArray();

    private static IEnumerable<Format> Formats(TempFolder dir)
    {
        var fixedImages = dir.Write("fixed-images", Idx(IdxPixels, 6, 5, 4));
        var fixedLabels = dir.Write("fixed-labels", Idx(IdxLabels, 6));
        yield return new("idx images", Idx(IdxPixels, 6, 5, 4), p => MnistFormat.Load("F", DataSplit.Train, p, fixedLabels, ClassNames.Digits), false);
        yield return new("idx labels", Idx(IdxLabels, 6), p => MnistFormat.Load("F", DataSplit.Train, fixedImages, p, ClassNames.Digits), false);
        yield return new("idx images gzip", Gzip(Idx(IdxPixels, 6, 5, 4)), p => MnistFormat.Load("F", DataSplit.Train, p, fixedLabels, ClassNames.Digits), true);
        yield return new("idx labels gzip", Gzip(Idx(IdxLabels, 6)), p => MnistFormat.Load("F", DataSplit.Train, fixedImages, p, ClassNames.Digits), true);

        var cifarImages = Enumerable.Range(0, 3).Select(i => SyntheticImages.Bytes(3072, 20 + i)).ToArray();
        yield return new("cifar-10 batch", Cifar(cifarImages, [3, 9, 0], null), p => Cifar10Set(p), false);
        yield return new("cifar-100 file", Cifar(cifarImages, [99, 0, 50], [19, 0, 7]), p => Cifar100Set(p), false);
        var names = dir.Write("names-fixed", "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"u8.ToArray());
        yield return new("cifar names", File.ReadAllBytes(names), p =>
        {
            var n = CifarBinary.ReadNames(p, 10);
            return new ImageSet("names", DataSplit.Test, new byte[3072], [9], 3, 32, 32, n);
        }, false);

        yield return new("svhn mat compressed", SvhnFormatTests.File(true, true, [10, 1, 9]), p => SvhnFormat.Load(p, DataSplit.Train), true);
        yield return new("svhn mat plain", SvhnFormatTests.File(false, true, [10, 1, 9]), p => SvhnFormat.Load(p, DataSplit.Train), false);
        yield return new("svhn mat plain uint8 y", SvhnFormatTests.File(false, false, [4, 10, 2]), p => SvhnFormat.Load(p, DataSplit.Train), false);

        var digits = SyntheticImages.Bytes(2 * 784, 31);
        yield return new("mnist json", MnistJson(digits), p =>
            new ImageSet("MNIST-10k", DataSplit.Train, MnistJsonDigits.Read(p), [3, 3], 1, 28, 28, ClassNames.Digits), false);
    }

    private static ImageSet Cifar10Set(string path)
    {
        var r = CifarBinary.Read([path], 10, 0);
        return new ImageSet("CIFAR-10", DataSplit.Train, r.Pixels, r.Labels, 3, 32, 32, ClassNames.Cifar10);
    }

    private static ImageSet Cifar100Set(string path)
    {
        var r = CifarBinary.Read([path], 100, 20);
        var fine = Enumerable.Range(0, 100).Select(i => $"f{i}").ToList();
        var coarse = Enumerable.Range(0, 20).Select(i => $"c{i}").ToList();
        return new ImageSet("CIFAR-100", DataSplit.Train, r.Pixels, r.Labels, 3, 32, 32, fine, r.CoarseLabels, coarse);
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        int kind = random.Next(4);
        if (kind >= 1)
        {
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                // Bias half of the flips to the first 200 bytes, where headers and lengths live.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(200, bytes.Length)) : random.Next(bytes.Length);
                bytes[at] ^= (byte)(1 + random.Next(255));
            }
        }
        if (kind is 0 or 3) bytes = bytes[..random.Next(bytes.Length)];
        return bytes;
    }

    [Fact]
    public void Damaged_files_load_well_formed_or_raise_DataFormatException()
    {
        var task = Task.Run(() =>
        {
            using var dir = new TempFolder();
            var random = new Random(20261122);
            int cases = 0, rejected = 0;
            var failures = new List<string>();
            foreach (var format in Formats(dir).ToList())
            {
                var path = dir.Write("case-" + format.Name.Replace(' ', '-'), format.Valid);
                var original = format.Load(path);
                for (int i = 0; i < CasesPerFormat; i++, cases++)
                {
                    var bytes = Mutate(format.Valid, random);
                    File.WriteAllBytes(path, bytes);
                    try
                    {
                        var set = format.Load(path);
                        Assert.Equal(set.Count * set.ImageSize, set.Pixels.Length);
                        Assert.All(set.Labels, l => Assert.InRange(l, 0, set.ClassCount - 1));
                        if (format.Checksummed && !(set.Pixels.AsSpan().SequenceEqual(original.Pixels) && set.Labels.SequenceEqual(original.Labels)))
                            failures.Add($"{format.Name} case {i}: damaged checksummed file loaded different data");
                    }
                    catch (DataFormatException e)
                    {
                        rejected++;
                        if (!e.Message.Contains(path)) failures.Add($"{format.Name} case {i}: message does not name the file: {e.Message}");
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{format.Name} case {i}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
            return (cases, rejected, failures);
        });
        Assert.True(task.Wait(TimeSpan.FromSeconds(180)), "fuzz cases did not finish: a reader hangs");
        var (total, rejectedCount, found) = task.Result;
        Assert.True(found.Count == 0, string.Join("\n", found.Take(20)));
        Assert.Equal(11 * CasesPerFormat, total);
        // The mutations must mostly hit: otherwise the test is not exercising the error paths.
        Assert.True(rejectedCount > total / 2, $"only {rejectedCount} of {total} damaged files were rejected");
    }
}
