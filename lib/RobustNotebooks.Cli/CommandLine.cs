using System.Globalization;

namespace RobustNotebooks.Cli;

/// <summary>Raised for a malformed command line; Program prints the message and exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A parsed command line: positional words, <c>--name value</c> options (repeatable)
/// and <c>--flag</c> switches. Options not declared by the verb are rejected.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new();
    private readonly HashSet<string> _flags = new();

    public IReadOnlyList<string> Positional { get; }

    /// <param name="args">the words after the verb</param>
    /// <param name="valueOptions">names (without dashes) of options that take a value</param>
    /// <param name="flags">names (without dashes) of switches</param>
    public CommandLine(string[] args, IEnumerable<string> valueOptions, IEnumerable<string>? flags = null)
    {
        var known = new HashSet<string>(valueOptions);
        var knownFlags = new HashSet<string>(flags ?? []);
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--") || word == "--") { positional.Add(word); continue; }
            var name = word[2..];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }
            if (knownFlags.Contains(name) && inlineValue is null) { _flags.Add(name); continue; }
            if (!known.Contains(name))
                throw new UsageException($"unknown option --{name}; expected one of: " +
                    string.Join(", ", known.Concat(knownFlags).Order().Select(n => "--" + n)));
            var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"option --{name} needs a value"));
            if (!_options.TryGetValue(name, out var list)) _options[name] = list = new List<string>();
            list.Add(value);
        }
        Positional = positional;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int GetInt(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public long GetLong(string name, long fallback) => Parse(name, fallback, s => long.Parse(s, CultureInfo.InvariantCulture));

    public double GetDouble(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        var text = Get(name);
        if (text is null) return fallback;
        try { return parse(text); }
        catch (FormatException) { throw new UsageException($"option --{name}: '{text}' is not a valid {typeof(T).Name}"); }
        catch (OverflowException) { throw new UsageException($"option --{name}: '{text}' is out of range"); }
    }
}
