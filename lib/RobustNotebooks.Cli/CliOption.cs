using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RobustNotebooks.Cli;

/// <summary>Typed options for the verbs. Every parser reads invariant-culture text and, when the value is
/// malformed or out of range, reports an error that names the option and the expected form
/// ("--epochs: 'x' is not an integer; expected an integer ≥ 1"), which System.CommandLine's own
/// conversions and <c>AcceptOnlyFromAmong</c> do not. Defaults appear in --help.</summary>
public static class CliOption
{
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue, int max = int.MaxValue,
        string helpName = "N") =>
        Parsed(name, description, defaultValue, text => ParseInteger(text, min, max, int.Parse), helpName);

    /// <summary>An integer option without a default (absent means "not set", e.g. --limit).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue, int max = int.MaxValue,
        string helpName = "N") =>
        Parsed<int?>(name, description, null, text => ParseInteger(text, min, max, int.Parse), helpName);

    public static Option<long> Long(string name, string description, long defaultValue, long min = long.MinValue, string helpName = "N") =>
        Parsed(name, description, defaultValue, text => ParseInteger(text, min, long.MaxValue, long.Parse), helpName);

    /// <param name="above">an exclusive lower bound (a learning rate must be above 0)</param>
    public static Option<double> Double(string name, string description, double defaultValue, double min = double.NegativeInfinity,
        double above = double.NegativeInfinity, double max = double.PositiveInfinity, string helpName = "X") =>
        Parsed(name, description, defaultValue, text => ParseReal(text, min, above, max), helpName);

    /// <summary>A real option whose default depends on other options (the description says which).</summary>
    public static Option<double?> OptionalDouble(string name, string description, double min = double.NegativeInfinity,
        double above = double.NegativeInfinity, double max = double.PositiveInfinity, string helpName = "X") =>
        Parsed<double?>(name, description, null, text => ParseReal(text, min, above, max), helpName);

    /// <summary>One of a fixed set of words, shown as <c>&lt;a|b&gt;</c> in --help and offered by completion.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, IReadOnlyList<string> values,
        string? helpName = null)
    {
        var option = Parsed(name, description, defaultValue, text =>
            values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"'{text}' is not one of {string.Join(", ", values)}"), helpName ?? string.Join("|", values));
        option.CompletionSources.Add(values.ToArray());
        return option;
    }

    /// <summary>Free text (a path, a name); <paramref name="defaultValue"/> null means "not set".</summary>
    public static Option<string?> Text(string name, string description, string? defaultValue = null, string helpName = "VALUE") =>
        Parsed(name, description, defaultValue, text => text, helpName);

    /// <summary>Text that must be given (a verb's output directory).</summary>
    public static Option<string> RequiredText(string name, string description, string helpName = "VALUE")
    {
        var option = Parsed<string>(name, description, null!, text => text, helpName);
        option.Required = true;
        return option;
    }

    /// <summary>--device, checked by the library's own device parser.</summary>
    public static Option<string> Device(string defaultValue) =>
        Parsed("--device", "cpu, cuda or cuda:N", defaultValue, text => RobustNotebooks.Torch.Device.Parse(text).ToString(), "DEVICE");

    /// <summary>Comma-separated integers, e.g. <c>--milestones 30,60</c>.</summary>
    public static Option<int[]> IntList(string name, string description, int[] defaultValue, int min = int.MinValue, string helpName = "N,N,...") =>
        Parsed(name, description, defaultValue, text => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => ParseInteger(part, min, int.MaxValue, int.Parse)).ToArray(), helpName);

    /// <summary>An option whose text is checked by <paramref name="parse"/>; a <see cref="FormatException"/>
    /// or <see cref="ArgumentException"/> from it becomes a usage error naming the option.</summary>
    public static Option<T> Parsed<T>(string name, string description, T defaultValue, Func<string, T> parse, string helpName)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                // Without a token the option was not given; System.CommandLine itself reports "--x needs a value".
                if (result.Tokens.Count == 0) return defaultValue;
                return Convert(result, name, result.Tokens[^1].Value, parse, defaultValue);
            },
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>An option given any number of times (<c>--param a=1 --param b=2</c>): every occurrence is
    /// parsed and kept, in order.</summary>
    public static Option<T[]> Repeatable<T>(string name, string description, Func<string, T> parse, string helpName)
    {
        var option = new Option<T[]>(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = result => result.Tokens.Select(t => Convert(result, name, t.Value, parse, default(T)!)).ToArray(),
        };
        option.DefaultValueFactory = _ => [];
        return option;
    }

    private static T Convert<T>(ArgumentResult result, string name, string text, Func<string, T> parse, T fallback)
    {
        try { return parse(text); }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            // ArgumentException appends " (Parameter 'x')", which names our parser's parameter, not the option.
            var message = e is ArgumentException { ParamName: { } parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "") : e.Message;
            result.AddError($"{name}: {message}");
            return fallback;
        }
    }

    private static T ParseInteger<T>(string text, T min, T max, Func<string, NumberStyles, IFormatProvider, T> parse)
        where T : struct, IComparable<T>
    {
        var expected = ExpectedRange("an integer", min, max);
        T value;
        try { value = parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture); }
        catch (FormatException) { throw new FormatException($"'{text}' is not an integer; expected {expected}"); }
        catch (OverflowException) { throw new FormatException($"{text} is out of range; expected {expected}"); }
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0) throw new FormatException($"{text} is out of range; expected {expected}");
        return value;
    }

    private static double ParseReal(string text, double min, double above, double max)
    {
        var lower = above > double.NegativeInfinity ? $" > {F(above)}" : min > double.NegativeInfinity ? $" ≥ {F(min)}" : "";
        var upper = max < double.PositiveInfinity ? $" ≤ {F(max)}" : "";
        var expected = "a number" + (lower.Length > 0 && upper.Length > 0 ? lower + " and" + upper : lower + upper);
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new FormatException($"'{text}' is not a number; expected {expected}");
        if (value < min || value <= above || value > max) throw new FormatException($"{text} is out of range; expected {expected}");
        return value;
    }

    private static string ExpectedRange<T>(string what, T min, T max) where T : struct, IComparable<T>
    {
        var (lowest, highest) = (typeof(T) == typeof(int) ? (object)int.MinValue : long.MinValue, typeof(T) == typeof(int) ? (object)int.MaxValue : long.MaxValue);
        bool hasMin = !min.Equals(lowest), hasMax = !max.Equals(highest);
        return hasMin && hasMax ? $"{what} from {min} to {max}" : hasMin ? $"{what} ≥ {min}" : hasMax ? $"{what} ≤ {max}" : what;
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
