namespace RobustNotebooks.Torch;

public static partial class torch
{
    public static class autograd
    {
        /// <summary>Gradients of sum(outputs · grad_outputs) with respect to each input, without touching
        /// any .grad (what attacks need). An input the outputs do not depend on gives null when
        /// allow_unused is set, and an error otherwise.</summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null, bool retain_graph = false, bool create_graph = false,
            bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"grad: {outputs.Count} outputs but {grad_outputs.Count} grad_outputs", nameof(grad_outputs));
            var outs = outputs.Select(t => t.Handle).ToArray();
            var ins = inputs.Select(t => t.Handle).ToArray();
            var gouts = grad_outputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
            var results = new IntPtr[ins.Length];
            fixed (IntPtr* o = outs)
            fixed (IntPtr* i = ins)
            fixed (IntPtr* g = gouts)
            fixed (IntPtr* r = results)
                Native.Check(Native.rn_autograd_grad(o, outs.Length, gouts is null ? null : g, i, ins.Length,
                    retain_graph ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, r));
            // The raw handles keep nothing alive: the tensors must outlive the call.
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            return results.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
        }

        /// <summary>The gradient of a scalar output with respect to one input.</summary>
        public static Tensor grad(Tensor output, Tensor input, bool retain_graph = false, bool create_graph = false) =>
            grad([output], [input], null, retain_graph, create_graph)[0]!;
    }
}
