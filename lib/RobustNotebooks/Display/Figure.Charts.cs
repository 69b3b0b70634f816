namespace RobustNotebooks.Display;

// The factories, shaped like plotly.express / Plotly.NET: data first, styling as named optional arguments.
public sealed partial record Figure
{
    /// <summary>A 2-D scatter plot. x and y may be numbers, strings (categories) or dates.</summary>
    /// <param name="colors">A CSS colour per point (see <see cref="Palette.ForLabels"/>); overrides <paramref name="color"/>.</param>
    /// <param name="text">Hover text per point.</param>
    public static Figure Scatter<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, ScatterMode mode = ScatterMode.Markers,
        string? name = null, string? color = null, IEnumerable<string>? colors = null, IEnumerable<string>? text = null, double? size = null)
    {
        var trace = new ScatterTrace(PlotlyValues.Snapshot(x, nameof(x)), PlotlyValues.Snapshot(y, nameof(y)))
        {
            Mode = mode, Name = name, Color = color, MarkerSize = size,
            PointColors = colors?.ToArray(), Text = text?.ToArray(),
        };
        CheckPerPoint(trace.PointCount, trace.PointColors, trace.Text);
        return new Figure([trace]);
    }

    /// <summary>A line plot (a scatter trace drawn with lines), optionally with markers and error bars.</summary>
    public static Figure Line<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null, string? color = null,
        bool markers = false, string? dash = null, IEnumerable<double>? errorY = null)
    {
        var trace = new ScatterTrace(PlotlyValues.Snapshot(x, nameof(x)), PlotlyValues.Snapshot(y, nameof(y)))
        {
            Mode = markers ? ScatterMode.LinesAndMarkers : ScatterMode.Lines, Name = name, Color = color, Dash = dash,
            ErrorY = errorY?.ToArray(),
        };
        if (trace.ErrorY is { } err && err.Count != trace.PointCount)
            throw new ArgumentException($"errorY has {err.Count} values but the line has {trace.PointCount} points.", nameof(errorY));
        return new Figure([trace]);
    }

    /// <summary>
    /// One line per series from rows of results, e.g. accuracy against ε, one line per attack:
    /// <c>Figure.Lines(rows, r =&gt; r.Epsilon, r =&gt; r.Accuracy, seriesBy: r =&gt; r.Attack)</c>.
    /// Series appear in order of first appearance; points keep the rows' order.
    /// </summary>
    public static Figure Lines<TRow, TX, TY>(IEnumerable<TRow> rows, Func<TRow, TX> x, Func<TRow, TY> y, Func<TRow, string> seriesBy, bool markers = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = rows.GroupBy(seriesBy).ToList();
        if (groups.Count == 0) throw new ArgumentException("There are no rows to plot.", nameof(rows));
        return Combine(groups.Select((g, i) => Line(g.Select(x), g.Select(y), name: g.Key, color: Palette.Color(i), markers: markers)))
            .WithLegend();
    }

    /// <summary>A 3-D scatter plot (drawn with WebGL).</summary>
    public static Figure Scatter3D<TX, TY, TZ>(IEnumerable<TX> x, IEnumerable<TY> y, IEnumerable<TZ> z, ScatterMode mode = ScatterMode.Markers,
        string? name = null, string? color = null, IEnumerable<string>? colors = null, IEnumerable<string>? text = null, double? size = null)
    {
        var trace = new Scatter3DTrace(PlotlyValues.Snapshot(x, nameof(x)), PlotlyValues.Snapshot(y, nameof(y)), PlotlyValues.Snapshot(z, nameof(z)))
        {
            Mode = mode, Name = name, Color = color, MarkerSize = size,
            PointColors = colors?.ToArray(), Text = text?.ToArray(),
        };
        CheckPerPoint(trace.PointCount, trace.PointColors, trace.Text);
        return new Figure([trace]);
    }

    /// <summary>A 2-D scatter with one trace per class present, in the class's <see cref="Palette"/> colour and
    /// legend group (its name), so a <see cref="Grid"/> of several lists each class once: e.g. a feature space
    /// coloured by true class. Its legend draws every class's symbol at one readable size.</summary>
    /// <param name="labels">the class index of each point</param>
    /// <param name="classNames">names by class index; a class without points gets no trace</param>
    public static Figure ScatterByClass(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<long> labels,
        IReadOnlyList<string> classNames, double? size = null, double? opacity = null) =>
        ByClass(labels, classNames, "ScatterByClass", x.Count, y.Count, -1, (index, k) =>
            new ScatterTrace(index.Select(i => (object?)x[i]).ToArray(), index.Select(i => (object?)y[i]).ToArray())
            {
                Name = classNames[k], LegendGroup = classNames[k], Color = Palette.Color(k), MarkerSize = size, Opacity = opacity,
            });

    /// <summary>The 3-D version of <see cref="ScatterByClass"/>.</summary>
    public static Figure Scatter3DByClass(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, IReadOnlyList<long> labels,
        IReadOnlyList<string> classNames, double? size = null, double? opacity = null) =>
        ByClass(labels, classNames, "Scatter3DByClass", x.Count, y.Count, z.Count, (index, k) =>
            new Scatter3DTrace(index.Select(i => (object?)x[i]).ToArray(), index.Select(i => (object?)y[i]).ToArray(), index.Select(i => (object?)z[i]).ToArray())
            {
                Name = classNames[k], LegendGroup = classNames[k], Color = Palette.Color(k), MarkerSize = size, Opacity = opacity,
            });

    private static Figure ByClass(IReadOnlyList<long> labels, IReadOnlyList<string> classNames, string what, int xCount, int yCount, int zCount,
        Func<int[], int, Trace> trace)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (xCount != labels.Count || yCount != labels.Count || (zCount >= 0 && zCount != labels.Count))
            throw new ArgumentException($"{what}: {labels.Count} labels but {xCount}, {yCount}{(zCount >= 0 ? $", {zCount}" : "")} coordinates.", nameof(labels));
        if (labels.FirstOrDefault(l => l < 0 || l >= classNames.Count, -1) is var bad and not -1)
            throw new ArgumentException($"{what}: label {bad} has no class name ({classNames.Count} classes).", nameof(labels));
        var traces = Enumerable.Range(0, classNames.Count)
            .Select(k => (Class: k, Index: Enumerable.Range(0, labels.Count).Where(i => labels[i] == k).ToArray()))
            .Where(c => c.Index.Length > 0)
            .Select(c => trace(c.Index, c.Class))
            .ToList();
        if (traces.Count == 0) throw new ArgumentException($"{what}: there are no points to plot.", nameof(labels));
        return new Figure(traces, new Layout { ConstantLegendSymbols = true });
    }

    /// <summary>A bar chart; combine several (or use <see cref="GroupedBars{TX}"/>) for bars side by side.</summary>
    public static Figure Bar<TX, TY>(IEnumerable<TX> categories, IEnumerable<TY> values, string? name = null, string? color = null,
        IEnumerable<double>? errorY = null)
    {
        var trace = new BarTrace(PlotlyValues.Snapshot(categories, nameof(categories)), PlotlyValues.Snapshot(values, nameof(values)))
        {
            Name = name, Color = color, ErrorY = errorY?.ToArray(),
        };
        if (trace.ErrorY is { } err && err.Count != trace.PointCount)
            throw new ArgumentException($"errorY has {err.Count} values but there are {trace.PointCount} bars.", nameof(errorY));
        return new Figure([trace]);
    }

    /// <summary>Grouped bars: one bar per series in each category, e.g. accuracy per attack (category) and defense (series).</summary>
    public static Figure GroupedBars<TX>(IEnumerable<TX> categories, params (string Name, IEnumerable<double> Values)[] series)
    {
        var x = categories.ToList();
        if (series.Length == 0) throw new ArgumentException("GroupedBars needs at least one series.", nameof(series));
        return Combine(series.Select((s, i) => Bar(x, s.Values, name: s.Name, color: Palette.Color(i))))
            .WithBarMode(BarMode.Group)
            .WithLegend();
    }

    /// <summary>A heatmap of z[row, column]; row 0 is at the bottom, as in plotly.</summary>
    /// <param name="valueFormat">d3 format to print each value in its cell, e.g. ".2f" for a confusion matrix.</param>
    public static Figure Heatmap(double[,] z, IEnumerable<string>? x = null, IEnumerable<string>? y = null, string colorScale = "Viridis",
        double? zmin = null, double? zmax = null, string? valueFormat = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        var rows = new double[z.GetLength(0)][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[z.GetLength(1)];
            for (var j = 0; j < rows[i].Length; j++) rows[i][j] = z[i, j];
        }
        return Heatmap(rows, x, y, colorScale, zmin, zmax, valueFormat);
    }

    public static Figure Heatmap(double[][] z, IEnumerable<string>? x = null, IEnumerable<string>? y = null, string colorScale = "Viridis",
        double? zmin = null, double? zmax = null, string? valueFormat = null)
    {
        var trace = new HeatmapTrace(z)
        {
            X = x?.Cast<object?>().ToArray(), Y = y?.Cast<object?>().ToArray(),
            ColorScale = colorScale, ZMin = zmin, ZMax = zmax, ValueFormat = valueFormat,
        };
        if (trace.X is { } xs && xs.Count != z[0].Length) throw new ArgumentException($"x has {xs.Count} labels but z has {z[0].Length} columns.", nameof(x));
        if (trace.Y is { } ys && ys.Count != z.Length) throw new ArgumentException($"y has {ys.Count} labels but z has {z.Length} rows.", nameof(y));
        return new Figure([trace]);
    }

    /// <summary>One image with square pixels and hidden axes.</summary>
    public static Figure Image(ImageData image, string? title = null)
    {
        var hidden = new Axis { Visible = false };
        var layout = new Layout { Title = title, ShowLegend = false }
            .WithAxis("x", hidden)
            .WithAxis("y", hidden with { Reversed = true, ScaleAnchor = "x" });
        return new Figure([new ImageTrace(image)], layout);
    }

    private static void CheckPerPoint(int points, IReadOnlyList<string>? colors, IReadOnlyList<string>? text)
    {
        if (colors is not null && colors.Count != points) throw new ArgumentException($"colors has {colors.Count} entries but there are {points} points.", nameof(colors));
        if (text is not null && text.Count != points) throw new ArgumentException($"text has {text.Count} entries but there are {points} points.", nameof(text));
    }
}
