namespace RobustNotebooks.Display;

/// <summary>How a scatter trace draws its points (plotly's "mode").</summary>
public enum ScatterMode
{
    Markers,
    Lines,
    LinesAndMarkers,
}

internal static class ScatterModeNames
{
    internal static string ToPlotly(this ScatterMode mode) => mode switch
    {
        ScatterMode.Markers => "markers",
        ScatterMode.Lines => "lines",
        ScatterMode.LinesAndMarkers => "lines+markers",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
