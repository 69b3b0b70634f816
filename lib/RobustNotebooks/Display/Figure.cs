using System.Collections.Immutable;

namespace RobustNotebooks.Display;

/// <summary>
/// A plotly.js figure: traces plus a layout. Immutable; every <c>With*</c> returns a new figure, so a
/// base figure can be styled in several ways. Build one with the factories (<see cref="Scatter{TX,TY}"/>,
/// <see cref="Line{TX,TY}"/>, <see cref="Bar{TX,TY}"/>, <see cref="Heatmap(double[,],IEnumerable{string}?,IEnumerable{string}?,string,double?,double?,string?)"/>,
/// <see cref="ImageGrid"/>, ...), merge with <see cref="Combine(Figure[])"/>, arrange with <see cref="Grid"/>.
/// </summary>
public sealed partial record Figure
{
    public Figure(IEnumerable<Trace> traces, Layout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        Traces = traces.ToImmutableList();
        Layout = layout ?? new Layout();
    }

    public ImmutableList<Trace> Traces { get; init; }
    public Layout Layout { get; init; }

    /// <summary>All traces of all figures on shared axes; layout settings of earlier figures win.</summary>
    public static Figure Combine(params Figure[] figures) => Combine((IEnumerable<Figure>)figures);

    public static Figure Combine(IEnumerable<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var list = figures.ToList();
        if (list.Count == 0) throw new ArgumentException("Combine needs at least one figure.", nameof(figures));
        var layout = list[0].Layout;
        foreach (var other in list.Skip(1).Select(f => f.Layout))
        {
            layout = layout with
            {
                Title = layout.Title ?? other.Title,
                Width = layout.Width ?? other.Width,
                Height = layout.Height ?? other.Height,
                ShowLegend = layout.ShowLegend ?? other.ShowLegend,
                ConstantLegendSymbols = layout.ConstantLegendSymbols || other.ConstantLegendSymbols,
                BarMode = layout.BarMode ?? other.BarMode,
                Margin = layout.Margin ?? other.Margin,
                Annotations = layout.Annotations.AddRange(other.Annotations),
            };
            foreach (var (id, axis) in other.Axes) layout = layout with { Axes = layout.Axes.SetItem(id, axis.Merge(layout.Axis(id))) };
            foreach (var (id, scene) in other.Scenes) layout = layout with { Scenes = layout.Scenes.SetItem(id, scene.Merge(layout.Scene(id))) };
        }
        return new Figure(list.SelectMany(f => f.Traces), layout);
    }

    public Figure WithTrace(Trace trace) => this with { Traces = Traces.Add(trace ?? throw new ArgumentNullException(nameof(trace))) };

    public Figure WithTitle(string title) => this with { Layout = Layout with { Title = title } };

    /// <summary>Size in pixels; without it the figure fills the output's width and plotly's default height.</summary>
    public Figure WithSize(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Figure size must be positive, got {width}×{height}.");
        return this with { Layout = Layout with { Width = width, Height = height } };
    }

    /// <param name="subplot">1 for a single plot; n for the n-th cell of a <see cref="Grid"/>.</param>
    public Figure WithXAxis(string? title = null, (double Min, double Max)? range = null, bool log = false, string? tickFormat = null, bool? showGrid = null, int subplot = 1) =>
        WithAxis('x', title, range, log, tickFormat, showGrid, subplot);

    public Figure WithYAxis(string? title = null, (double Min, double Max)? range = null, bool log = false, string? tickFormat = null, bool? showGrid = null, int subplot = 1) =>
        WithAxis('y', title, range, log, tickFormat, showGrid, subplot);

    /// <summary>Axis titles of a 3-D scene, and optionally where its camera looks from.</summary>
    public Figure WithScene(string? xTitle = null, string? yTitle = null, string? zTitle = null, int subplot = 1,
        (double X, double Y, double Z)? cameraEye = null)
    {
        if (subplot < 1) throw new ArgumentOutOfRangeException(nameof(subplot), "Subplots are numbered from 1.");
        var id = subplot == 1 ? "scene" : $"scene{subplot}";
        return this with { Layout = Layout.WithScene(id, new Scene { XTitle = xTitle, YTitle = yTitle, ZTitle = zTitle, CameraEye = cameraEye }) };
    }

    public Figure WithLegend(bool show = true, bool horizontal = false) =>
        this with { Layout = Layout with { ShowLegend = show, HorizontalLegend = horizontal } };

    public Figure WithBarMode(BarMode mode) => this with { Layout = Layout with { BarMode = mode } };

    public Figure WithMargin(int left, int right, int top, int bottom) => this with { Layout = Layout with { Margin = (left, right, top, bottom) } };

    private Figure WithAxis(char letter, string? title, (double Min, double Max)? range, bool log, string? tickFormat, bool? showGrid, int subplot)
    {
        if (subplot < 1) throw new ArgumentOutOfRangeException(nameof(subplot), "Subplots are numbered from 1.");
        if (range is var (min, max) && !(min < max)) throw new ArgumentException($"An axis range needs min < max, got ({min}, {max}).", nameof(range));
        if (log && range is var (lo, _) && lo <= 0) throw new ArgumentException("A log axis range must be positive.", nameof(range));
        var style = new Axis { Title = title, Range = range, Log = log, TickFormat = tickFormat, ShowGrid = showGrid };
        return this with { Layout = Layout.WithAxis(Trace.AxisId(letter, subplot), style) };
    }
}
