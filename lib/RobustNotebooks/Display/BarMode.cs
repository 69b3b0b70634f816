namespace RobustNotebooks.Display;

/// <summary>How bar traces that share an axis are arranged (plotly layout.barmode).</summary>
public enum BarMode
{
    Group,
    Stack,
    Overlay,
    Relative,
}
