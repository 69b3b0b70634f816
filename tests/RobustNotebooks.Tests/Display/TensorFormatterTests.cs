using RobustNotebooks.Display;
using static RobustNotebooks.Torch.torch;

namespace RobustNotebooks.Tests.Display;

public class TensorFormatterTests
{
    [Fact]
    public void ATensorDisplaysItsShapeDtypeAndValues()
    {
        using var t = tensor(new double[] { 1.5, -2, 3 }, [1, 3]);
        var bundle = Formatting.ToMimeBundle(t);
        Assert.Contains("shape (1, 3), float64, cpu", bundle[MimeTypes.Html]);
        Assert.Contains("[[ 1.5000, -2.0000,  3.0000]]", bundle[MimeTypes.Html]);
        Assert.Equal(t.ToString(), bundle[MimeTypes.PlainText]);
        Assert.Equal(MimeTypes.Html, Formatting.PreferredMimeTypes(t.GetType())[0]);
    }
}
