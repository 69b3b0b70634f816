using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Where a running cell's visible effects go: the kernel publishes them on iopub, tests
/// may collect them.</summary>
public interface ICellOutput
{
    void Stream(string name, string text);

    /// <summary>A display_data output; with a <paramref name="displayId"/> (its transient display_id)
    /// later <see cref="UpdateDisplayData"/> calls replace it in place.</summary>
    void DisplayData(JsonObject bundle, string? displayId = null);

    /// <summary>An update_display_data: replaces the output shown with <paramref name="displayId"/>,
    /// wherever it is (also in an earlier cell).</summary>
    void UpdateDisplayData(JsonObject bundle, string displayId);

    void ClearOutput(bool wait);
}
