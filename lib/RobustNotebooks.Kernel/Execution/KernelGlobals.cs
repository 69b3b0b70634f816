namespace RobustNotebooks.Kernel.Execution;

/// <summary>The globals object of every cell: its public members are in scope unqualified, which is
/// how <c>display(x)</c> works as in .NET Interactive. Names are lower case to match that API.</summary>
public sealed class KernelGlobals(ICellOutput output)
{
    /// <summary>Shows a value as a display_data output, using every formatter its type declares, and
    /// returns the display, whose <see cref="DisplayedValue.Update"/> replaces it in place (.NET
    /// Interactive's <c>display(x).Update(y)</c>).</summary>
    public DisplayedValue display(object? value) => DisplayedValue.Show(output, value);

    /// <summary>This cell's token, cancelled when the cell is interrupted (.NET Interactive's
    /// KernelInvocationContext.CancellationToken): pass it to long calls of other libraries. The
    /// RobustNotebooks library checks it by itself.</summary>
    public CancellationToken cancellation_token => CellInterruption.Token;

    /// <summary>Clears the cell's output; with <paramref name="wait"/> the clearing waits for the
    /// next output, which avoids flicker in progress displays.</summary>
    public void clear_output(bool wait = false)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        output.ClearOutput(wait);
    }
}
