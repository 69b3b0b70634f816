namespace RobustNotebooks.Display;

/// <summary>How figures show up in notebook outputs.</summary>
public static class FigureDisplay
{
    private static volatile bool _includePng;

    /// <summary>
    /// Adds a PNG (rendered by headless Chromium) to each figure's output. Off by default because it costs
    /// a browser run per figure; turn it on for notebooks read where JavaScript does not run (GitHub, static reports).
    /// </summary>
    public static bool IncludePng
    {
        get => _includePng;
        set
        {
            _includePng = value;
            NotebookFormatters.SetFigureMimeTypes(value);
        }
    }

    /// <summary>PNG size used when a figure has no explicit <see cref="Figure.WithSize"/>.</summary>
    public static int PngWidth { get; set; } = 800;
    public static int PngHeight { get; set; } = 500;

    internal static string PngBase64(Figure figure) =>
        Convert.ToBase64String(figure.ToPng(figure.Layout.Width ?? PngWidth, figure.Layout.Height ?? PngHeight));
}
