namespace RobustNotebooks.Display;

/// <summary>
/// A figure's notebook outputs: plotly JSON (VS Code draws it natively), HTML with plotly.js for other
/// front ends, a text summary, and a PNG when <see cref="FigureDisplay.IncludePng"/> is on.
/// </summary>
public sealed class FigureFormatterSource : FormatterSource<Figure>
{
    // The PNG formatter is always listed and declines while IncludePng is off: hosts cache the list per type.
    public FigureFormatterSource() : base(
        new(MimeTypes.Html, f => f.ToHtml()),
        new(MimeTypes.PlotlyJson, f => f.ToJson()),
        new(MimeTypes.PlainText, f => f.ToString()),
        new(MimeTypes.Png, f => FigureDisplay.IncludePng ? FigureDisplay.PngBase64(f) : null))
    {
    }
}
