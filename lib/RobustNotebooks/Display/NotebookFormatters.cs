using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using RobustNotebooks.Data;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Display;

/// <summary>
/// How figures, tensors, DataFrames and progress show in notebooks, registered with .NET Interactive's formatter
/// registry (Microsoft.DotNet.Interactive.Formatting). Both kernels render through these registrations:
/// .NET Interactive natively, ours by asking the same registry (FormattedValue.CreateManyFromObject).
/// Registration happens when the library is first used (a module initializer), so a notebook needs
/// nothing but its <c>#r</c> line.
/// </summary>
public static class NotebookFormatters
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers every formatter once per process; later calls do nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            _registered = true;
        }
        Formatter.Register<Figure>(f => f.ToHtml(), MimeTypes.Html);
        Formatter.Register<Figure>(f => f.ToJson(), MimeTypes.PlotlyJson);
        Formatter.Register<Figure>(f => f.ToString(), MimeTypes.PlainText);
        Formatter.Register<Figure>(FigureDisplay.PngBase64, MimeTypes.Png);
        SetFigureMimeTypes(FigureDisplay.IncludePng);

        Formatter.Register<Tensor>(TensorHtml, MimeTypes.Html);
        Formatter.Register<Tensor>(t => t.ToString(), MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(Tensor), MimeTypes.Html, MimeTypes.PlainText);

        Formatter.Register<DataFrame>(f => f.ToHtml(), MimeTypes.Html);
        Formatter.Register<DataFrame>(f => f.ToPlainText(), MimeTypes.PlainText);
        Formatter.Register<DataFrame>(f => f.ToMarkdown(), MimeTypes.Markdown);
        Formatter.Register<DataFrame>(f => f.ToCsv(), MimeTypes.Csv);
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrame), MimeTypes.Html, MimeTypes.PlainText);

        // What a notebook's in-place progress display shows (InPlaceProgress): a bar and its line.
        Formatter.Register<ProgressReport>(ProgressHtml, MimeTypes.Html);
        Formatter.Register<ProgressReport>(r => r.ToString(), MimeTypes.PlainText);
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressReport), MimeTypes.Html, MimeTypes.PlainText);
    }

    /// <summary>A figure's outputs: HTML with plotly.js for every front end, plotly JSON for those that draw it
    /// natively (VS Code), a text summary, and a PNG only when asked for (it costs a browser run).</summary>
    internal static void SetFigureMimeTypes(bool includePng) =>
        Formatter.SetPreferredMimeTypesFor(typeof(Figure),
            includePng
                ? [MimeTypes.Html, MimeTypes.PlotlyJson, MimeTypes.Png, MimeTypes.PlainText]
                : [MimeTypes.Html, MimeTypes.PlotlyJson, MimeTypes.PlainText]);

    private static string ProgressHtml(ProgressReport r)
    {
        // A <progress> without a value is the browser's own "unknown total" animation.
        var fraction = r.State == ProgressState.Finished ? 1 : r.Fraction;
        var bar = fraction is { } f ? $"<progress max=\"1\" value=\"{f.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}\"" : "<progress";
        return $"<div class=\"rnb-progress\" style=\"font-family:monospace;font-size:smaller\">{bar} style=\"width:14em;vertical-align:middle\"></progress> " +
               $"<span>{WebUtility.HtmlEncode(r.ToString())}</span></div>";
    }

    private static string TensorHtml(Tensor t)
    {
        if (t.IsDisposed) return "<pre>tensor(&lt;disposed&gt;)</pre>";
        var header = $"shape ({string.Join(", ", t.shape)}), {t.dtype.Name()}, {t.device}{(t.requires_grad ? ", requires_grad" : "")}";
        return $"<div><div style=\"color:#666;font-size:smaller\">{WebUtility.HtmlEncode(header)}</div><pre>{WebUtility.HtmlEncode(t.ToString())}</pre></div>";
    }
}

internal static class NotebookFormattersInitializer
{
    // .NET Interactive offers a library no other hook when it is loaded with #r "path.dll"; the module
    // initializer runs before any of the library's code, e.g. the first `new Trainer(...)` of a notebook.
    // Our kernel has connected the library's progress by then (when the assembly loaded), so only
    // .NET Interactive is connected here.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Run()
    {
        NotebookFormatters.Register();
        InteractiveDisplay.ConnectProgress();
    }
}
