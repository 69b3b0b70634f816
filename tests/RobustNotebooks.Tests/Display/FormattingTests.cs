using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

public class FormattingTests
{
    [TypeFormatterSource(typeof(AccuracyFormatters), PreferredMimeTypes = [MimeTypes.Markdown])]
    public record Accuracy(double Value);

    public sealed class AccuracyFormatters() : FormatterSource<Accuracy>(
        new(MimeTypes.Html, a => $"<b>{a.Value * 100:0.0}%</b>"),
        new(MimeTypes.Markdown, a => $"**{a.Value * 100:0.0}%**"),
        new("text/x-declined", _ => null));

    [Fact]
    public void A_type_declares_its_formatters_in_a_few_lines()
    {
        var bundle = Formatting.ToMimeBundle(new Accuracy(0.4512));
        Assert.Equal([MimeTypes.Markdown, MimeTypes.Html, MimeTypes.PlainText], bundle.Keys);
        Assert.Equal("<b>45.1%</b>", bundle[MimeTypes.Html]);
        Assert.Equal("Accuracy { Value = 0.4512 }", bundle[MimeTypes.PlainText]);
        Assert.Equal("**45.1%**", Formatting.Format(new Accuracy(0.4512), MimeTypes.Markdown));
        var e = Assert.Throws<ArgumentException>(() => Formatting.Format(new Accuracy(1), MimeTypes.Png));
        Assert.Contains("text/html", e.Message);
    }

    [Fact]
    public void Formatters_decline_other_types_and_plain_objects_get_text()
    {
        var formatter = new TypeFormatter<Accuracy>(MimeTypes.Html, a => "x");
        var writer = new StringWriter();
        Assert.False(formatter.Format("not an accuracy", writer));
        Assert.Equal("", writer.ToString());
        Assert.True(formatter.Format(new Accuracy(1), writer));
        Assert.Equal(typeof(Accuracy), formatter.Type);
        Assert.Equal(["text/plain"], Formatting.ToMimeBundle(42).Keys);
    }
}
