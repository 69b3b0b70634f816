using RobustNotebooks.Kernel.Display;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>What <c>display(x)</c> returns, as in .NET Interactive: a handle on the output it showed, which
/// <see cref="Update"/> replaces in place. On the wire the output is a display_data with a transient
/// display_id, and each update an update_display_data with the same id, so a front end redraws the one
/// output instead of appending another (progress bars, a figure that grows while training runs).</summary>
public sealed class DisplayedValue
{
    private readonly ICellOutput _output;

    private DisplayedValue(ICellOutput output, string displayId)
    {
        _output = output;
        DisplayId = displayId;
    }

    public string DisplayId { get; }

    /// <summary>Shows <paramref name="value"/> with every formatter its type declares, after what the cell
    /// has printed so far (streams are flushed first, so the output keeps its place in the cell).</summary>
    public static DisplayedValue Show(ICellOutput output, object? value)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        var shown = new DisplayedValue(output, Guid.NewGuid().ToString("N"));
        output.DisplayData(MimeBundleBuilder.Build(value), shown.DisplayId);
        return shown;
    }

    /// <summary>Replaces the shown output with <paramref name="value"/>.</summary>
    public void Update(object? value) => _output.UpdateDisplayData(MimeBundleBuilder.Build(value), DisplayId);
}
