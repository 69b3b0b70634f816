namespace RobustNotebooks.Display;

/// <summary>The MIME types the display layer produces, spelled once.</summary>
public static class MimeTypes
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string Csv = "text/csv";
    public const string Png = "image/png";

    /// <summary>Plotly's own bundle type: VS Code and JupyterLab's plotly extension render it natively.</summary>
    public const string PlotlyJson = "application/vnd.plotly.v1+json";

    /// <summary>True for types that Jupyter carries as JSON values rather than strings (nbformat: application/*+json).</summary>
    public static bool IsJson(string mimeType) =>
        mimeType == "application/json" || (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));
}
