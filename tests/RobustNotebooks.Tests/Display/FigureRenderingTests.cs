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
    public void Scatter3d_is_drawn_with_webgl_in_png_output()
    {
        var t = Enumerable.Range(0, 300).Select(i => i / 20.0).ToArray();
        var fig = Figure.Scatter3D(t.Select(Math.Cos), t.Select(Math.Sin), t, color: "#d62728", size: 6).WithTitle("helix");
        var pixels = PngImage.Decode(fig.ToPng(500, 500)).Pixels().ToList();
        Assert.True(pixels.Count(IsRed) > 300, $"only {pixels.Count(IsRed)} red pixels: the WebGL scene was not drawn");
    }

    private static bool IsRed((byte R, byte G, byte B) p) => p.R > 180 && p.G < 90 && p.B < 90;
    private static bool IsBlue((byte R, byte G, byte B) p) => p.B > 150 && p.R < 90 && p.G < 160;
}
