using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RobustNotebooks.Display;

// What a figure turns into: plotly JSON, HTML (notebook fragment or standalone page) and PNG.
public sealed partial record Figure
{
    /// <summary>The plotly.js figure object {data, layout}, as plotly.newPlot and the plotly MIME type expect.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["data"] = new JsonArray(Traces.Select(t => (JsonNode)t.ToJson()).ToArray()),
        ["layout"] = Layout.ToJson(),
    };

    /// <summary>The figure as JSON text. Numbers are culture-invariant; NaN and infinities are written as null (a gap).</summary>
    public string ToJson(bool indented = false) =>
        ToJsonObject().ToJsonString(indented ? new System.Text.Json.JsonSerializerOptions { WriteIndented = true } : PlotlyValues.Compact);

    /// <summary>
    /// An HTML fragment for a notebook output: a div plus the script that draws it. plotly.js is inlined into
    /// the first such fragment of the process (see <see cref="PlotlyJs"/>); if it cannot be found, the
    /// fragment shows why instead of failing the cell.
    /// </summary>
    public string ToHtml()
    {
        string library;
        try
        {
            library = PlotlyJs.ScriptElementOncePerSession();
        }
        catch (FileNotFoundException e)
        {
            library = $"<pre style=\"color:#b00\">{WebUtility.HtmlEncode(e.Message)}</pre>";
        }
        return library + PlotElement(Layout.Width is null ? "{responsive: true, displaylogo: false}" : "{displaylogo: false}");
    }

    /// <summary>The figure's div and drawing script without plotly.js, for a page that loads plotly.js once
    /// itself (<see cref="PlotlyJs.GuardedScriptElement"/>), such as a report holding several figures.</summary>
    public string ToPlotElement() => PlotElement(Layout.Width is null ? "{responsive: true, displaylogo: false}" : "{displaylogo: false}");

    /// <summary>A complete page that draws the figure offline (plotly.js inlined, ~4.8 MB).</summary>
    public string ToStandaloneHtml(string? pageTitle = null) => StandaloneHtml(pageTitle, Layout.Width is null ? "{responsive: true, displaylogo: false}" : "{displaylogo: false}");

    private string StandaloneHtml(string? pageTitle, string config)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(pageTitle ?? Layout.Title ?? "Figure"))
            .Append("</title>\n<style>body { margin: 0; background: white; }</style>\n")
            .Append(PlotlyJs.GuardedScriptElement())
            .Append("\n</head>\n<body>\n")
            .Append(PlotElement(config))
            .Append("\n</body>\n</html>\n");
        return html.ToString();
    }

    public void SaveHtml(string path)
    {
        var page = ToStandaloneHtml();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, page, new UTF8Encoding(false));
    }

    /// <summary>Renders the figure with headless Chromium into a PNG of exactly width×height pixels.</summary>
    public byte[] ToPng(int width = 800, int height = 500, TimeSpan? timeout = null)
    {
        var dir = Directory.CreateTempSubdirectory("robustnb-figure-");
        try
        {
            var page = Path.Combine(dir.FullName, "figure.html");
            var png = Path.Combine(dir.FullName, "figure.png");
            // A picture has no use for plotly's hover toolbar, which would otherwise be drawn over the title.
            var sized = this with { Layout = Layout with { Width = width, Height = height } };
            File.WriteAllText(page, sized.StandaloneHtml(null, "{displayModeBar: false}"), new UTF8Encoding(false));
            HeadlessChromium.Screenshot(page, png, width, height, timeout: timeout);
            return File.ReadAllBytes(png);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public void SavePng(string path, int width = 800, int height = 500, TimeSpan? timeout = null)
    {
        var bytes = ToPng(width, height, timeout);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, bytes);
    }

    public override string ToString()
    {
        var text = new StringBuilder("Figure");
        if (Layout.Title is not null) text.Append(" \"").Append(Layout.Title).Append('"');
        text.Append(CultureInfo.InvariantCulture, $": {Traces.Count} trace{(Traces.Count == 1 ? "" : "s")}");
        foreach (var trace in Traces)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {trace.PlotlyType}");
            if (trace.Name is not null) text.Append(" \"").Append(trace.Name).Append('"');
            text.Append(CultureInfo.InvariantCulture, $", {trace.PointCount} points");
        }
        return text.ToString();
    }

    private string PlotElement(string config)
    {
        var id = "rnb-plot-" + Guid.NewGuid().ToString("N");
        // The JSON's default encoder escapes <, > and &, so it cannot close the script element.
        return $$"""
            <div id="{{id}}" class="rnb-plot"></div>
            <script type="text/javascript">
            (function () {
              var el = document.getElementById('{{id}}');
              var fig = {{ToJson()}};
              if (typeof window.Plotly === 'undefined') {
                el.textContent = 'plotly.js is not loaded in this page: it is inlined into the first figure shown in a session. Call PlotlyJs.ResetSession() and show the figure again.';
                return;
              }
              window.Plotly.newPlot(el, fig.data, fig.layout, {{config}}).then(
                function () { el.setAttribute('data-rendered', 'true'); },
                function (err) { el.textContent = 'plotly.js failed: ' + err; });
            })();
            </script>
            """;
    }
}
