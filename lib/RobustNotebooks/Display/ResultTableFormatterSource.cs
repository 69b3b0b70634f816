namespace RobustNotebooks.Display;

/// <summary>Tables show as HTML in notebooks, with Markdown and aligned text as alternatives, all capped at the display row limit.</summary>
public sealed class ResultTableFormatterSource() : FormatterSource<ResultTable>(
    new(MimeTypes.Html, t => t.ToHtml(t.EffectiveDisplayMaxRows)),
    new(MimeTypes.Markdown, t => t.ToMarkdown(t.EffectiveDisplayMaxRows)),
    new(MimeTypes.PlainText, t => t.ToString()));
