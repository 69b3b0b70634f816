using System.Text.Json.Nodes;
using RobustNotebooks.Kernel.Execution;

namespace RobustNotebooks.Tests.Kernel;

/// <summary>display(x) returns a display that Update replaces in place: one display_data with an id, then
/// updates naming the same id (the wire messages are checked by the conformance suite).</summary>
public class DisplayedValueTests
{
    private sealed class Recording : ICellOutput
    {
        public readonly List<(string Kind, JsonObject Bundle, string? Id)> Outputs = [];

        public void Stream(string name, string text) => Outputs.Add(("stream", new JsonObject { ["text"] = text }, null));

        public void DisplayData(JsonObject bundle, string? displayId = null) => Outputs.Add(("display_data", bundle, displayId));

        public void UpdateDisplayData(JsonObject bundle, string displayId) => Outputs.Add(("update_display_data", bundle, displayId));

        public void ClearOutput(bool wait) => Outputs.Add(("clear_output", new JsonObject(), null));
    }

    [Fact]
    public void Update_replaces_the_shown_value_under_the_same_display_id()
    {
        var output = new Recording();
        var globals = new KernelGlobals(output);
        var first = globals.display("first");
        first.Update("second");
        first.Update("third");
        var other = globals.display("other");
        Assert.Equal(["display_data", "update_display_data", "update_display_data", "display_data"], output.Outputs.Select(o => o.Kind));
        Assert.All(output.Outputs.Take(3), o => Assert.Equal(first.DisplayId, o.Id));
        Assert.NotEqual(first.DisplayId, other.DisplayId);
        Assert.Equal("third", (string?)output.Outputs[2].Bundle["text/plain"]);
    }

    [Fact]
    public void A_progress_report_shows_as_a_bar_and_its_line()
    {
        var output = new Recording();
        var progress = new InPlaceProgress(value => new KernelGlobals(output).display(value).Update);
        progress.Report(new ProgressReport(1, "train lenetpp softmax", 10, 40, "batches", TimeSpan.FromSeconds(5), "epoch 1/2"));
        progress.Report(new ProgressReport(1, "train lenetpp softmax", 40, 40, "batches", TimeSpan.FromSeconds(20), "epoch 2/2", ProgressState.Finished));
        var (shown, updated) = (output.Outputs[0], output.Outputs[1]);
        Assert.Equal(shown.Id, updated.Id);
        Assert.Contains("<progress max=\"1\" value=\"0.25\"", (string?)shown.Bundle["text/html"]);
        Assert.Equal("train lenetpp softmax: 10/40 batches (25%); 2.00 batches/s, 5s elapsed, about 15s left; epoch 1/2", (string?)shown.Bundle["text/plain"]);
        Assert.Contains("<progress max=\"1\" value=\"1\"", (string?)updated.Bundle["text/html"]);
        Assert.StartsWith("train lenetpp softmax: 40/40 batches (100%); done in 20s", (string?)updated.Bundle["text/plain"]);
    }
}
