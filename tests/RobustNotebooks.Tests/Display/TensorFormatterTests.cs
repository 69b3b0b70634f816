using RobustNotebooks.Display;
using RobustNotebooks.Kernel.Display;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Display;

public class TensorFormatterTests
{
    [Fact]
    public void ATensorDisplaysItsShapeDtypeAndValues()
    {
        using var t = tensor(new double[] { 1.5, -2, 3 }, [1, 3]);
        var bundle = MimeBundleBuilder.Build(t);
        Assert.Equal([MimeTypes.Html, MimeTypes.PlainText], bundle.Select(kv => kv.Key));
        Assert.Contains("shape (1, 3), float64, cpu", (string?)bundle[MimeTypes.Html]);
        Assert.Contains("[[ 1.5000, -2.0000,  3.0000]]", (string?)bundle[MimeTypes.Html]);
        Assert.Equal(t.ToString(), (string?)bundle[MimeTypes.PlainText]);
    }
}
