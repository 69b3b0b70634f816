using System.Text;

namespace RobustNotebooks.Display;

/// <summary>
/// RFC 4180 CSV: comma separated, CRLF line ends, fields with commas, quotes or line breaks quoted and quotes
/// doubled. To tell a missing value from an empty string, null is written as an empty field and "" as a
/// quoted empty field; the reader reports which fields were quoted.
/// </summary>
public static class Csv
{
    public readonly record struct Field(string Text, bool Quoted)
    {
        /// <summary>An unquoted empty field: a missing value.</summary>
        public bool IsMissing => !Quoted && Text.Length == 0;
    }

    /// <summary>One field, quoted when it needs to be; null gives an empty field.</summary>
    public static string Escape(string? text)
    {
        if (text is null) return "";
        if (text.Length == 0) return "\"\"";
        var needsQuotes = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]);
        return needsQuotes ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    public static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Escape)) + "\r\n";

    /// <summary>Parses CSV text into records of fields; accepts CRLF or LF line ends and a missing final line break.</summary>
    public static List<Field[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<Field[]>();
        var record = new List<Field>();
        var field = new StringBuilder();
        var (line, i) = (1, 0);
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        while (i < text.Length)
        {
            // At the start of a field.
            bool quoted = text[i] == '"';
            if (quoted)
            {
                var startLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"CSV line {startLine}: a quoted field is not closed.");
                    var c = text[i++];
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"') { field.Append('"'); i++; }
                        else break;
                    }
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new FormatException($"CSV line {line}: unexpected '{text[i]}' after a closing quote.");
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"') throw new FormatException($"CSV line {line}: a quote inside an unquoted field (quote the whole field and double the quote).");
                    field.Append(text[i++]);
                }
            }
            record.Add(new Field(field.ToString(), quoted));
            field.Clear();
            if (i >= text.Length) break;
            if (text[i] == ',')
            {
                i++;
                if (i == text.Length) record.Add(new Field("", false));
                continue;
            }
            // A line break ends the record.
            if (text[i] == '\r') i++;
            if (i < text.Length && text[i] == '\n') i++;
            line++;
            records.Add(record.ToArray());
            record.Clear();
        }
        if (record.Count > 0) records.Add(record.ToArray());
        return records;
    }
}
