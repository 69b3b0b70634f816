using System.Text.Json.Nodes;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Where a running cell's visible effects go: the kernel publishes them on iopub, tests
/// may collect them.</summary>
public interface ICellOutput
{
    void Stream(string name, string text);

    void DisplayData(JsonObject bundle);

    void ClearOutput(bool wait);
}
