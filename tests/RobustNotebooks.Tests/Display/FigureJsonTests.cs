using System.Text.Json.Nodes;
using RobustNotebooks.Display;

namespace RobustNotebooks.Tests.Display;

public class FigureJsonTests
{
    private static JsonObject Parse(Figure figure) => JsonNode.Parse(figure.ToJson())!.AsObject();

    [Fact]
    public void Scatter_writes_type_mode_points_colours_and_text()
    {
        var fig = Figure.Scatter(new[] { 1, 2, 3 }, new[] { 0.5, 0.25, 0.125 }, mode: ScatterMode.LinesAndMarkers,
                name: "clean", colors: ["red", "green", "blue"], text: ["a", "b", "c"])
            .WithTitle("Accuracy").WithXAxis("ε", range: (0, 4)).WithYAxis("acc", log: true).WithSize(600, 400);
        var json = Parse(fig);
        var trace = json["data"]![0]!;
        Assert.Equal("scatter", (string?)trace["type"]);
        Assert.Equal("lines+markers", (string?)trace["mode"]);
        Assert.Equal("clean", (string?)trace["name"]);
        Assert.Equal([0.5, 0.25, 0.125], trace["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(["red", "green", "blue"], trace["marker"]!["color"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["a", "b", "c"], trace["text"]!.AsArray().Select(v => (string)v!));
        var layout = json["layout"]!;
        Assert.Equal("Accuracy", (string?)layout["title"]!["text"]);
        Assert.Equal(600, (int)layout["width"]!);
        Assert.Equal("ε", (string?)layout["xaxis"]!["title"]!["text"]);
        Assert.Equal([0.0, 4.0], layout["xaxis"]!["range"]!.AsArray().Select(v => (double)v!));
        Assert.Equal("log", (string?)layout["yaxis"]!["type"]);
    }

    [Fact]
    public void Per_point_arrays_must_match_the_number_of_points()
    {
        var e = Assert.Throws<ArgumentException>(() => Figure.Scatter(new[] { 1, 2 }, new[] { 1, 2 }, colors: ["red"]));
        Assert.Contains("colors has 1", e.Message);
        Assert.Throws<ArgumentException>(() => Figure.Scatter(new[] { 1, 2 }, new[] { 1 }));
    }

    [Fact]
    public void Non_finite_numbers_become_null_gaps()
    {
        var json = Parse(Figure.Line(new[] { 1, 2, 3 }, new[] { 1.0, double.NaN, double.PositiveInfinity }));
        var y = json["data"]![0]!["y"]!.AsArray();
        Assert.Equal(1.0, (double)y[0]!);
        Assert.Null(y[1]);
        Assert.Null(y[2]);
    }

    [Fact]
    public void Numbers_are_culture_invariant_under_a_German_culture()
    {
        using var _ = CultureScope.German();
        var fig = Figure.Scatter(new[] { 0.5, 1234.5 }, new[] { 0.25f, 2.75f })
            .WithXAxis(range: (0.1, 1500.5))
            .WithTitle("ε = 0,03 stays text");
        var text = fig.ToJson();
        Assert.Contains("[0.5,1234.5]", text);
        Assert.Contains("[0.25,2.75]", text);
        Assert.Contains("[0.1,1500.5]", text);
        Assert.DoesNotContain("0,5", text);
        var html = fig.ToStandaloneHtml();
        Assert.Contains("[0.5,1234.5]", html);
    }

    [Fact]
    public void Grid_gives_each_cell_its_own_anchored_axes_and_domains()
    {
        var fig = Figure.Grid(
            [
                Figure.Scatter(new[] { 1, 2 }, new[] { 3, 4 }).WithXAxis("ε"),
                Figure.Bar(new[] { "a", "b" }, new[] { 1, 2 }),
                Figure.Heatmap(new double[,] { { 1, 2 }, { 3, 4 } }),
                Figure.Scatter3D(new[] { 1.0 }, new[] { 2.0 }, new[] { 3.0 }),
            ], columns: 2, titles: ["scatter", "bar", "heat", "3d"]);
        var json = Parse(fig);
        var data = json["data"]!.AsArray();
        Assert.Equal(["scatter", "bar", "heatmap", "scatter3d"], data.Select(t => (string)t!["type"]!));
        Assert.Null(data[0]!["xaxis"]);                 // cell 1 keeps plotly's default ids
        Assert.Equal("x2", (string?)data[1]!["xaxis"]);
        Assert.Equal("y2", (string?)data[1]!["yaxis"]);
        Assert.Equal("x3", (string?)data[2]!["xaxis"]);
        Assert.Equal("scene4", (string?)data[3]!["scene"]);

        var layout = json["layout"]!;
        for (var n = 1; n <= 3; n++)
        {
            var suffix = n == 1 ? "" : n.ToString();
            Assert.Equal("y" + suffix, (string?)layout["xaxis" + suffix]!["anchor"]);
            Assert.Equal("x" + suffix, (string?)layout["yaxis" + suffix]!["anchor"]);
        }
        Assert.Equal("ε", (string?)layout["xaxis"]!["title"]!["text"]);
        double[] Domain(string key) => layout[key]!["domain"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.True(Domain("xaxis")[1] < Domain("xaxis2")[0], "columns must not overlap");
        Assert.True(Domain("yaxis3")[1] < Domain("yaxis")[0], "the second row must sit below the first");
        Assert.Equal(Domain("xaxis"), Domain("xaxis3"));
        Assert.Equal(Domain("xaxis2"), layout["scene4"]!["domain"]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Null(layout["xaxis4"]);
        Assert.Equal(["scatter", "bar", "heat", "3d"], layout["annotations"]!.AsArray().Select(a => (string)a!["text"]!));
    }

    [Fact]
    public void Cells_can_be_styled_after_gridding_and_grids_do_not_nest()
    {
        var grid = Figure.Grid([Figure.Line(new[] { 1, 2 }, new[] { 1, 2 }), Figure.Line(new[] { 1, 2 }, new[] { 2, 1 })], columns: 2)
            .WithYAxis("loss", range: (0, 3), subplot: 2);
        var y2 = Parse(grid)["layout"]!["yaxis2"]!;
        Assert.Equal("loss", (string?)y2["title"]!["text"]);
        Assert.Equal("x2", (string?)y2["anchor"]);
        Assert.Throws<ArgumentException>(() => Figure.Grid([grid, grid], columns: 2));
    }

    [Fact]
    public void Grouped_bars_and_lines_by_series_make_one_trace_per_series()
    {
        var bars = Parse(Figure.GroupedBars(new[] { "FGSM", "PGD" }, ("none", [0.1, 0.0]), ("PCL", [0.4, 0.2])));
        Assert.Equal("group", (string?)bars["layout"]!["barmode"]);
        Assert.Equal(["none", "PCL"], bars["data"]!.AsArray().Select(t => (string)t!["name"]!));

        var rows = new[] { ("FGSM", 0.0, 0.9), ("PGD", 0.0, 0.9), ("FGSM", 0.1, 0.5), ("PGD", 0.1, 0.2) };
        var lines = Parse(Figure.Lines(rows, r => r.Item2, r => r.Item3, seriesBy: r => r.Item1));
        var data = lines["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal("PGD", (string?)data[1]!["name"]);
        Assert.Equal([0.9, 0.2], data[1]!["y"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public void Image_grid_writes_rgb_pixels_square_axes_and_titles()
    {
        var gray = ImageData.Gray(new float[] { 0f, 0.5f, 1f, 2f }, 2, 2);
        var rgb = ImageData.Rgb(new float[] { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, 2, 2);
        var fig = Figure.ImageGrid([gray, rgb, gray], columns: 2, titles: ["clean: 3", "adv: 8", "clean: 1"]);
        var json = Parse(fig);
        var data = json["data"]!.AsArray();
        Assert.All(data, t => Assert.Equal("image", (string?)t!["type"]));
        var z = data[0]!["z"]!;
        Assert.Equal(new[] { 0, 0, 0 }, z[0]![0]!.AsArray().Select(v => (int)v!));
        Assert.Equal(new[] { 128, 128, 128 }, z[0]![1]!.AsArray().Select(v => (int)v!));
        Assert.Equal(new[] { 255, 255, 255 }, z[1]![1]!.AsArray().Select(v => (int)v!)); // 2.0 is clipped
        Assert.Equal(new[] { 255, 0, 0 }, data[1]!["z"]![1]![0]!.AsArray().Select(v => (int)v!));
        var layout = json["layout"]!;
        Assert.Equal("x2", (string?)layout["yaxis2"]!["scaleanchor"]);
        Assert.Equal("reversed", (string?)layout["yaxis3"]!["autorange"]);
        Assert.Equal(3, layout["annotations"]!.AsArray().Count);
        Assert.Throws<ArgumentException>(() => ImageData.Gray(new[] { float.NaN }, 1, 1));
        Assert.Throws<ArgumentException>(() => ImageData.Rgb(new float[5], 1, 2));
    }

    [Fact]
    public void Image_grid_makes_room_for_two_line_titles_and_for_its_own_title()
    {
        var gray = ImageData.Gray(new float[] { 0f, 1f, 1f, 0f }, 2, 2);
        int Top(Figure f) => (int)Parse(f)["layout"]!["margin"]!["t"]!;
        int Height(Figure f) => (int)Parse(f)["layout"]!["height"]!;
        var oneLine = Figure.ImageGrid([gray, gray], columns: 2, titles: ["Coat", "Shirt"], cellSize: 50);
        var twoLines = Figure.ImageGrid([gray, gray], columns: 2, titles: ["Coat", "Shirt<br>(true: Coat)"], cellSize: 50);
        var titled = Figure.ImageGrid([gray, gray], columns: 2, titles: ["Coat", "Shirt"], cellSize: 50, title: "clean images");

        // Captions hang above their image (anchored at its top edge): the top margin holds the tallest.
        Assert.Equal(Top(oneLine) + 14, Top(twoLines));
        Assert.Equal(Height(oneLine) + 14, Height(twoLines));
        // The figure's title gets its own band above the captions; the images keep their size.
        Assert.Equal("clean images", (string?)Parse(titled)["layout"]!["title"]!["text"]);
        Assert.Equal(Top(oneLine) + 40, Top(titled));
        Assert.Equal(Height(oneLine) + 40, Height(titled));
        Assert.Null(Parse(oneLine)["layout"]!["title"]);
    }

    [Fact]
    public void Grid_places_colour_bars_beside_their_cell_and_unnamed_traces_stay_out_of_the_legend()
    {
        var fig = Figure.Grid([Figure.Heatmap(new double[,] { { 1 } }), Figure.Line(new[] { 1, 2 }, new[] { 1, 2 }, name: "loss")], columns: 2);
        var json = Parse(fig);
        var heatmap = json["data"]![0]!;
        var xDomain = json["layout"]!["xaxis"]!["domain"]!.AsArray().Select(v => (double)v!).ToArray();
        var barX = (double)heatmap["colorbar"]!["x"]!;
        Assert.InRange(barX, xDomain[1], (double)json["layout"]!["xaxis2"]!["domain"]![0]!);
        Assert.False((bool)heatmap["showlegend"]!);
        Assert.Null(json["data"]![1]!["showlegend"]);
    }

    [Fact]
    public void Scatter_by_class_makes_a_trace_per_class_and_a_grid_lists_each_class_once()
    {
        string[] names = ["cat", "dog", "bird"];
        double[] x = [1, 2, 3, 4];
        long[] labels = [2, 0, 2, 0];   // no dog
        var left = Figure.ScatterByClass(x, x, labels, names, size: 4, opacity: 0.5);
        var right = Figure.Scatter3DByClass(x, x, x, labels, names);
        var path = new Figure([new ScatterTrace([0.0, 1.0], [0.0, 1.0]) { Name = "path", LegendGroup = "path", Symbol = "x", MarkerOutline = "black" }]);
        var json = Parse(Figure.Grid([Figure.Combine(left, path), Figure.Combine(right, path)], columns: 2)
            .WithScene("PC 1", cameraEye: (1.6, 1.6, 1.1), subplot: 2));
        Assert.Equal(1.6, (double)json["layout"]!["scene2"]!["camera"]!["eye"]!["x"]!);
        Assert.Equal(1.1, (double)json["layout"]!["scene2"]!["camera"]!["eye"]!["z"]!);
        Assert.Equal("PC 1", (string?)json["layout"]!["scene2"]!["xaxis"]!["title"]!["text"]);
        Assert.NotNull(json["layout"]!["scene2"]!["domain"]);
        var data = json["data"]!.AsArray();
        Assert.Equal(["cat", "bird", "path", "cat", "bird", "path"], data.Select(t => (string)t!["name"]!));
        Assert.Equal(["cat", "bird", "path", "cat", "bird", "path"], data.Select(t => (string)t!["legendgroup"]!));
        Assert.Equal([2.0, 4.0], data[0]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([1.0, 3.0], data[1]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(Palette.Color(2), (string?)data[1]!["marker"]!["color"]);
        Assert.Equal(0.5, (double)data[0]!["opacity"]!);
        Assert.Equal("scatter3d", (string?)data[3]!["type"]);
        // The first cell's traces keep their legend entries; the second cell's are left out of it.
        Assert.All(data.Take(3), t => Assert.Null(t!["showlegend"]));
        Assert.All(data.Skip(3), t => Assert.False((bool)t!["showlegend"]!));
        Assert.Equal("x", (string?)data[2]!["marker"]!["symbol"]);
        Assert.Equal("black", (string?)data[2]!["marker"]!["line"]!["color"]);
        Assert.Equal("constant", (string?)json["layout"]!["legend"]!["itemsizing"]);

        Assert.Throws<ArgumentException>(() => Figure.ScatterByClass(x, x, [0, 1, 5, 0], names));
        Assert.Throws<ArgumentException>(() => Figure.ScatterByClass(x, x, [0, 1], names));
    }

    [Fact]
    public void Figures_are_immutable()
    {
        var a = Figure.Line(new[] { 1, 2 }, new[] { 1, 2 });
        var b = a.WithTitle("b").WithSize(300, 200);
        Assert.Null(a.Layout.Title);
        Assert.Null(a.Layout.Width);
        Assert.Equal("b", b.Layout.Title);
    }
}
