using System.Collections.Immutable;

namespace RobustNotebooks.Display;

// Subplots: each figure of a grid keeps its own axes, re-numbered and squeezed into its cell's domain.
public sealed partial record Figure
{
    /// <summary>
    /// Arranges single-plot figures in a grid, row by row. Cell n (1-based) gets axes x{n}/y{n} (or scene{n}
    /// for 3-D) anchored to each other; its title (or <paramref name="titles"/>[n-1]) is written above it.
    /// Style a cell afterwards with e.g. <c>WithXAxis("ε", subplot: 2)</c>.
    /// </summary>
    /// <param name="horizontalSpacing">Gap between columns as a fraction of the figure width; default 0.2 / columns, as plotly's make_subplots.</param>
    /// <param name="verticalSpacing">Gap between rows as a fraction of the figure height (room for axis and subplot titles); default 0.3 / rows.</param>
    public static Figure Grid(IEnumerable<Figure> figures, int columns, IEnumerable<string?>? titles = null,
        double? horizontalSpacing = null, double? verticalSpacing = null)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var cells = figures.ToList();
        var usedColumns = Math.Clamp(columns, 1, Math.Max(cells.Count, 1));
        var rows = (cells.Count + usedColumns - 1) / usedColumns;
        return Grid(cells, columns, titles, horizontalSpacing ?? 0.2 / usedColumns, verticalSpacing ?? 0.3 / Math.Max(rows, 1), titleFontSize: null);
    }

    /// <summary>
    /// A grid of small images, e.g. clean and adversarial examples with their predictions as titles.
    /// A title may span lines (plotly's <c>&lt;br&gt;</c>); every row gets room for the longest.
    /// </summary>
    /// <param name="cellSize">Pixel size of one image cell.</param>
    /// <param name="title">The figure's title, given room above the first row's titles (a title set later with
    /// <see cref="WithTitle"/> would crowd them).</param>
    public static Figure ImageGrid(IEnumerable<ImageData> images, int columns = 8, IEnumerable<string?>? titles = null, int cellSize = 100,
        string? title = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var list = images.ToList();
        if (list.Count == 0) throw new ArgumentException("ImageGrid needs at least one image.", nameof(images));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), "columns must be at least 1.");
        if (cellSize < 8) throw new ArgumentOutOfRangeException(nameof(cellSize), "cellSize must be at least 8 pixels.");
        var titleList = titles?.ToList();
        columns = Math.Min(columns, list.Count);
        var rows = (list.Count + columns - 1) / columns;
        const int gap = 6, lineHeight = 14, figureTitleSpace = 40;
        var lines = titleList?.Max(t => t is null ? 1 : t.Split("<br>", StringSplitOptions.None).Length) ?? 0;
        var titleSpace = lines == 0 ? 0 : 6 + lineHeight * lines;
        var plotWidth = columns * cellSize + (columns - 1) * gap;
        var plotHeight = rows * cellSize + (rows - 1) * (gap + titleSpace);
        var grid = Grid(list.Select(i => Image(i)), columns, titleList,
            horizontalSpacing: (double)gap / plotWidth,
            verticalSpacing: (double)(gap + titleSpace) / plotHeight,
            titleFontSize: 11);
        return grid with
        {
            Layout = grid.Layout with
            {
                Title = title,
                Width = plotWidth + 20,
                Height = plotHeight + titleSpace + 20 + (title is null ? 0 : figureTitleSpace),
                Margin = (10, 10, 10 + titleSpace + (title is null ? 0 : figureTitleSpace), 10),
            },
        };
    }

    private static Figure Grid(IEnumerable<Figure> figures, int columns, IEnumerable<string?>? titles,
        double horizontalSpacing, double verticalSpacing, double? titleFontSize)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var cells = figures.ToList();
        if (cells.Count == 0) throw new ArgumentException("A grid needs at least one figure.", nameof(figures));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), "columns must be at least 1.");
        var titleList = titles?.ToList();
        if (titleList is not null && titleList.Count != cells.Count)
            throw new ArgumentException($"There are {titleList.Count} titles for {cells.Count} figures.", nameof(titles));
        columns = Math.Min(columns, cells.Count);
        var rows = (cells.Count + columns - 1) / columns;
        var cellWidth = (1 - horizontalSpacing * (columns - 1)) / columns;
        var cellHeight = (1 - verticalSpacing * (rows - 1)) / rows;
        if (cellWidth <= 0 || cellHeight <= 0)
            throw new ArgumentException($"Spacing {horizontalSpacing}/{verticalSpacing} leaves no room for a {rows}×{columns} grid.");

        var traces = new List<Trace>();
        var listedGroups = new HashSet<string>(StringComparer.Ordinal);
        var layout = new Layout
        {
            ShowLegend = cells.All(c => c.Layout.ShowLegend == false) ? false : cells.Any(c => c.Layout.ShowLegend == true) ? true : null,
            BarMode = cells.Select(c => c.Layout.BarMode).FirstOrDefault(m => m is not null),
            ConstantLegendSymbols = cells.Any(c => c.Layout.ConstantLegendSymbols),
            Height = 320 * rows,
        };
        for (var k = 0; k < cells.Count; k++)
        {
            var (cell, n) = (cells[k], k + 1);
            if (cell.Layout.Axes.Keys.Any(id => id.Length > 1) || cell.Layout.Scenes.Keys.Any(id => id != "scene"))
                throw new ArgumentException($"Figure {k} is already a grid; grids cannot be nested.", nameof(figures));
            double x0 = (k % columns) * (cellWidth + horizontalSpacing), x1 = x0 + cellWidth;
            double y1 = 1 - (k / columns) * (cellHeight + verticalSpacing), y0 = y1 - cellHeight;
            // Rounding keeps the JSON readable; plotly rejects domains outside [0, 1], which rounding cannot produce.
            (x0, x1, y0, y1) = (Math.Round(x0, 6), Math.Round(Math.Min(x1, 1), 6), Math.Round(Math.Max(y0, 0), 6), Math.Round(y1, 6));
            string xId = Trace.AxisId('x', n), yId = Trace.AxisId('y', n);

            if (cell.Traces.Any(t => t is CartesianTrace) || !cell.Layout.Axes.IsEmpty || cell.Traces.IsEmpty)
            {
                var xAxis = cell.Layout.Axis("x");
                var yAxis = cell.Layout.Axis("y");
                layout = layout with
                {
                    Axes = layout.Axes
                        .SetItem(xId, xAxis with { Domain = (x0, x1), Anchor = yId, ScaleAnchor = Renumber(xAxis.ScaleAnchor, n) })
                        .SetItem(yId, yAxis with { Domain = (y0, y1), Anchor = xId, ScaleAnchor = Renumber(yAxis.ScaleAnchor, n) }),
                };
            }
            if (cell.Traces.Any(t => t is Scatter3DTrace) || !cell.Layout.Scenes.IsEmpty)
                layout = layout with { Scenes = layout.Scenes.SetItem(n == 1 ? "scene" : $"scene{n}", cell.Layout.Scene("scene") with { DomainX = (x0, x1), DomainY = (y0, y1) }) };

            // A colour bar would otherwise sit at the figure's right edge, on top of other cells and the legend.
            traces.AddRange(cell.Traces.Select(t => t.InSubplot(n)).Select(t => t is HeatmapTrace { ShowScale: true } heatmap
                ? heatmap with { ColorBarPlacement = (Math.Round(x1 + 0.01, 6), Math.Round((y0 + y1) / 2, 6), Math.Round(y1 - y0, 6)) }
                : t).Select(t => t.LegendGroup is { } group && t.InLegend && !listedGroups.Add(group) ? t with { ShowLegend = false } : t));
            var title = titleList is not null ? titleList[k] : cell.Layout.Title;
            if (title is not null)
                layout = layout with { Annotations = layout.Annotations.Add(new Annotation(title, Math.Round((x0 + x1) / 2, 6), y1) { FontSize = titleFontSize }) };
        }
        return new Figure(traces, layout);
    }

    private static string? Renumber(string? axisId, int cell) => axisId is null ? null : Trace.AxisId(axisId[0], cell);
}
