using System.Net;
using RobustNotebooks.Torch;

namespace RobustNotebooks.Display;

/// <summary>How a tensor shows in a notebook: its shape, dtype and device, then its values as
/// PyTorch prints them (large tensors summarised).</summary>
public sealed class TensorFormatters() : FormatterSource<Tensor>(
    new(MimeTypes.Html, Html),
    new(MimeTypes.PlainText, t => t.ToString()))
{
    private static string Html(Tensor t)
    {
        if (t.IsDisposed) return "<pre>tensor(&lt;disposed&gt;)</pre>";
        var header = $"shape ({string.Join(", ", t.shape)}), {t.dtype.Name()}, {t.device}{(t.requires_grad ? ", requires_grad" : "")}";
        return $"<div><div style=\"color:#666;font-size:smaller\">{WebUtility.HtmlEncode(header)}</div><pre>{WebUtility.HtmlEncode(t.ToString())}</pre></div>";
    }
}
