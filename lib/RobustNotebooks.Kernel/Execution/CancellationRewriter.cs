using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace RobustNotebooks.Kernel.Execution;

/// <summary>Inserts <c>CellInterruption.Check();</c> at the start of every loop body and every
/// block-bodied method, local function, accessor and lambda, so an interrupt stops even
/// <c>while (true) {}</c>. No line breaks are added, so compiler and stack-trace line numbers still
/// match the cell as the user wrote it.</summary>
public sealed class CancellationRewriter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax CheckStatement = ParseStatement(
        "global::RobustNotebooks.Kernel.Execution.CellInterruption.Check();").WithoutTrivia();

    public static SyntaxTree Rewrite(SyntaxTree tree)
    {
        var root = new CancellationRewriter().Visit(tree.GetRoot());
        return tree.WithRootAndOptions(root, tree.Options);
    }

    /// <summary>Wraps a statement in a block that begins with the check, moving the statement's
    /// leading and trailing trivia outside the braces so the layout keeps its lines.</summary>
    private static BlockSyntax Guard(StatementSyntax body)
    {
        if (body is BlockSyntax block) return Prepend(block);
        var leading = body.GetLeadingTrivia();
        var trailing = body.GetTrailingTrivia();
        var inner = body is EmptyStatementSyntax ? List<StatementSyntax>([CheckStatement])
                                                  : List([CheckStatement, body.WithoutTrivia()]);
        return Block(Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(leading), inner,
                     Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(trailing));
    }

    private static BlockSyntax Prepend(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, CheckStatement));

    private static BlockSyntax? PrependOrNull(BlockSyntax? block) => block is null ? null : Prepend(block);

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return visited.WithBody(PrependOrNull(visited.Body));
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var visited = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        return visited.WithBody(PrependOrNull(visited.Body));
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        return visited.WithBody(PrependOrNull(visited.Body));
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited.WithBody(PrependOrNull(visited.Body));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return visited.Block is null ? visited : visited.WithBlock(Prepend(visited.Block));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited.Block is null ? visited : visited.WithBlock(Prepend(visited.Block));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(Prepend(visited.Block));
    }
}
