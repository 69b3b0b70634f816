using RobustNotebooks.Kernel.Display;
using System.Text.RegularExpressions;
using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

/// <summary>Opens figures in headless Chromium (installed by scripts/setup.sh) and checks that they are really drawn.</summary>
public class FigureRenderingTests
{
    [Fact]
    public void Standalone_html_draws_every_scatter_point()
    {
        HeadlessChromium.Locate();
        const int n = 37;
        var x = Enumerable.Range(0, n).Select(i => i * 0.1).ToArray();
        var fig = Figure.Scatter(x, x.Select(Math.Sin), name: "sin").WithTitle("render check").WithSize(700, 450);
        var dir = Directory.CreateTempSubdirectory("rnb-test-");
        try
        {
            var page = Path.Combine(dir.FullName, "scatter.html");
            fig.SaveHtml(page);
            var dom = HeadlessChromium.DumpDom(page);
            Assert.Contains("data-rendered=\"true\"", dom);
            Assert.Equal(n, Regex.Matches(dom, "<path class=\"point\"").Count);
            Assert.Contains("render check", dom);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Notebook_outputs_in_one_page_load_plotly_once_and_all_draw()
    {
        HeadlessChromium.Locate();
        PlotlyJs.ResetSession();
        var dir = Directory.CreateTempSubdirectory("rnb-test-");
        try
        {
            // What an HTML report of a notebook is: the outputs of the session, one after another.
            var first = Figure.Scatter(new[] { 1, 2, 3 }, new[] { 1, 4, 9 }).ToHtml();
            var second = Figure.Scatter(new[] { 1, 2, 3, 4, 5 }, new[] { 5, 4, 3, 2, 1 }).ToHtml();
            Assert.True(first.Length > 1_000_000 && second.Length < 10_000);
            var page = Path.Combine(dir.FullName, "report.html");
            File.WriteAllText(page, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{first}<p>text cell</p>{second}</body></html>");
            var dom = HeadlessChromium.DumpDom(page);
            Assert.Equal(2, Regex.Matches(dom, "data-rendered=\"true\"").Count);
            Assert.Equal(8, Regex.Matches(dom, "<path class=\"point\"").Count);
        }
        finally
        {
            PlotlyJs.ResetSession();
            dir.Delete(true);
        }
    }

    [Fact]
    public void Png_screenshot_is_drawn_at_the_requested_size()
    {
        var x = Enumerable.Range(0, 50).Select(i => i / 10.0).ToArray();
        var fig = Figure.Combine(
                Figure.Line(x, x.Select(Math.Cos), name: "cos", color: "#d62728"),
                Figure.Scatter(x, x.Select(Math.Sin), name: "sin", color: "#1f77b4"))
            .WithTitle("PNG check");
        var png = PngImage.Decode(fig.ToPng(640, 400));
        Assert.Equal((640, 400), (png.Width, png.Height));
        var pixels = png.Pixels().ToList();
        var distinct = pixels.Distinct().Count();
        var nonWhite = pixels.Count(p => p.R < 240 || p.G < 240 || p.B < 240);
        Assert.True(distinct > 50, $"only {distinct} distinct colours: the plot looks blank");
        Assert.True(nonWhite > pixels.Count / 100, $"only {nonWhite} non-white pixels");
        Assert.True(pixels.Count(IsRed) > 100, "the red cosine line is missing");
        Assert.True(pixels.Count(IsBlue) > 100, "the blue sine markers are missing");
    }

    [Fact]
    public void Image_grid_png_shows_the_images()
    {
        var red = ImageData.Rgb([.. Enumerable.Repeat(1f, 64), .. new float[128]], 8, 8);
        var blue = ImageData.Rgb([.. new float[128], .. Enumerable.Repeat(1f, 64)], 8, 8);
        var file = Path.Combine(Path.GetTempPath(), $"rnb-grid-{Guid.NewGuid():N}.png");
        try
        {
            Figure.ImageGrid([red, blue], columns: 2, titles: ["clean", "adversarial"]).SavePng(file, 300, 200);
            var png = PngImage.Decode(File.ReadAllBytes(file));
            var pixels = png.Pixels().ToList();
            Assert.True(pixels.Count(p => p == (255, 0, 0)) > 1000, "the red image was not drawn");
            Assert.True(pixels.Count(p => p == (0, 0, 255)) > 1000, "the blue image was not drawn");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Opt_in_png_joins_the_notebook_bundle_as_base64()
    {
        FigureDisplay.IncludePng = true;
        try
        {
            var bundle = MimeBundleBuilder.Build(Figure.Line(new[] { 1, 2, 3 }, new[] { 3, 1, 2 }).WithSize(320, 240));
            var png = PngImage.Decode(Convert.FromBase64String((string)bundle[MimeTypes.Png]!));
            Assert.Equal((320, 240), (png.Width, png.Height));
            Assert.True(png.Pixels().Distinct().Count() > 20, "the PNG looks blank");
        }
        finally
        {
            FigureDisplay.IncludePng = false;
        }
    }

    [Fact]
    public void Scatter3d_is_drawn_with_webgl_in_png_output()
    {
        var t = Enumerable.Range(0, 300).Select(i => i / 20.0).ToArray();
        var fig = Figure.Scatter3D(t.Select(Math.Cos), t.Select(Math.Sin), t, color: "#d62728", size: 6).WithTitle("helix");
        var pixels = PngImage.Decode(fig.ToPng(500, 500)).Pixels().ToList();
        Assert.True(pixels.Count(IsRed) > 300, $"only {pixels.Count(IsRed)} red pixels: the WebGL scene was not drawn");
    }

    [Fact]
    public void A_browser_run_past_its_timeout_is_killed_with_its_children()
    {
        HeadlessChromium.Locate();
        var dir = Directory.CreateTempSubdirectory("rnb-timeout-");
        try
        {
            var page = Path.Combine(dir.FullName, "forever.html");
            File.WriteAllText(page, "<html><body><script>setInterval(function () { document.title = Date.now(); }, 10);</script></body></html>");
            var e = Assert.Throws<TimeoutException>(() => HeadlessChromium.DumpDom(page, virtualTimeMs: 3_600_000, timeout: TimeSpan.FromSeconds(3)));
            Assert.Contains("killed", e.Message);
            var survivors = Directory.EnumerateDirectories("/proc")
                .Select(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")); } catch (IOException) { return ""; } catch (UnauthorizedAccessException) { return ""; } })
                .Count(cmd => cmd.Contains(dir.FullName, StringComparison.Ordinal));
            Assert.Equal(0, survivors);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static bool IsRed((byte R, byte G, byte B) p) => p.R > 180 && p.G < 90 && p.B < 90;
    private static bool IsBlue((byte R, byte G, byte B) p) => p.B > 150 && p.R < 90 && p.G < 160;
}
