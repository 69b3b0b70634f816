using System.Text.Json.Nodes;
using RobustNotebooks.Kernel.Notebooks;

namespace RobustNotebooks.Tests.Notebooks;

public class ParameterInjectorTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("42", "42")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("fgsm", "\"fgsm\"")]
    [InlineData("True", "\"True\"")]
    [InlineData("a \"quoted\" \\ path", "\"a \\\"quoted\\\" \\\\ path\"")]
    public void Values_become_CSharp_literals(string value, string literal) =>
        Assert.Equal(literal, ParameterInjector.ToCSharpLiteral(value));

    private static JsonObject Notebook(params (string Source, string? Tag)[] cells) => new()
    {
        ["nbformat"] = 4, ["nbformat_minor"] = 5, ["metadata"] = new JsonObject(),
        ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)new JsonObject
        {
            ["cell_type"] = "code", ["id"] = Guid.NewGuid().ToString("N")[..8], ["source"] = c.Source, ["outputs"] = new JsonArray(),
            ["execution_count"] = null,
            ["metadata"] = c.Tag is null ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray(c.Tag) },
        }).ToArray()),
    };

    private static string Source(JsonNode? cell) =>
        cell!["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)cell["source"] ?? "";

    [Fact]
    public void Injected_cell_follows_the_parameters_cell_and_replaces_an_old_one()
    {
        var nb = Notebook(("using System;", null), ("var quick = false;", "parameters"), ("old", "injected-parameters"), ("quick", null));
        var result = ParameterInjector.Inject(nb, [new("quick", "true"), new("attack", "pgd")]);
        var cells = result["cells"]!.AsArray();
        Assert.Equal(4, cells.Count);
        Assert.Contains("quick = true;", Source(cells[2]));
        Assert.Contains("attack = \"pgd\";", Source(cells[2]));
        Assert.DoesNotContain("var ", Source(cells[2]));
        Assert.Equal("injected-parameters", (string?)cells[2]!["metadata"]!["tags"]![0]);
        Assert.NotNull(cells[2]!["id"]);
        Assert.Equal("quick", Source(cells[3]));
    }

    [Fact]
    public void Without_a_parameters_cell_values_are_declared_first()
    {
        var result = ParameterInjector.Inject(Notebook(("x", null)), [new("epochs", "3")]);
        Assert.Contains("var epochs = 3;", Source(result["cells"]![0]));
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=3")]
    [InlineData("bad-name=3")]
    public void Malformed_assignments_are_rejected(string text) =>
        Assert.Throws<ArgumentException>(() => ParameterInjector.ParseAssignment(text));
}
