using Microsoft.CodeAnalysis.CSharp;
using RobustNotebooks.Kernel.Execution;

namespace RobustNotebooks.Tests.Kernel;

public class CancellationRewriterTests
{
    private static string Rewrite(string code) =>
        CancellationRewriter.Rewrite(CSharpSyntaxTree.ParseText(code, ScriptSession.ParseOptions)).GetRoot().ToFullString();

    private static int Checks(string code) => code.Split("CellInterruption.Check();").Length - 1;

    [Theory]
    [InlineData("while (true) { }", 1)]
    [InlineData("while (true);", 1)]
    [InlineData("for (int i = 0; ; i++) x++;", 1)]
    [InlineData("foreach (var v in xs)\n    Console.WriteLine(v);", 1)]
    [InlineData("do { } while (true);", 1)]
    [InlineData("void Spin() { Spin(); }", 1)]
    [InlineData("Action a = () => { while (true) { } };", 2)]
    [InlineData("class C { public C() { } int P { get { return 1; } } void M() { } }", 3)]
    [InlineData("var n = xs.Select(x => x * 2).Count();", 0)]
    public void Inserts_a_check_in_every_loop_and_body(string code, int expected)
    {
        var rewritten = Rewrite(code);
        Assert.Equal(expected, Checks(rewritten));
        Assert.Empty(CSharpSyntaxTree.ParseText(rewritten, ScriptSession.ParseOptions).GetDiagnostics());
    }

    [Fact]
    public void Keeps_line_numbers()
    {
        const string code = "int total = 0;\nfor (int i = 0; i < 3; i++)\n    total += i;\nwhile (total > 100)\n{\n    total--;\n}\nthrow new Exception();";
        var rewritten = Rewrite(code);
        Assert.Equal(code.Split('\n').Length, rewritten.Split('\n').Length);
        Assert.Equal("throw new Exception();", rewritten.Split('\n')[7].Trim());
    }
}
