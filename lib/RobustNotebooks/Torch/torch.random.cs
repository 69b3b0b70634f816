namespace RobustNotebooks.Torch;

public static partial class torch
{
    public static class random
    {
        /// <summary>Saves the CPU generator's state (and that of every GPU when CUDA is available) and restores
        /// it on Dispose, as PyTorch's <c>torch.random.fork_rng</c>: code inside may seed and draw freely
        /// without changing what the caller draws afterwards.</summary>
        public static IDisposable fork_rng() => new RngFork();

        private sealed class RngFork : IDisposable
        {
            private readonly Tensor cpu;
            private readonly Tensor[] gpus;
            private bool restored;

            public RngFork()
            {
                cpu = get_rng_state().DetachFromDisposeScope();
                var count = cuda.is_available() ? cuda.device_count() : 0;
                gpus = Enumerable.Range(0, count).Select(d => cuda.get_rng_state(d).DetachFromDisposeScope()).ToArray();
            }

            public void Dispose()
            {
                if (restored) return;
                restored = true;
                try
                {
                    set_rng_state(cpu);
                    for (int d = 0; d < gpus.Length; d++) cuda.set_rng_state(gpus[d], d);
                }
                finally
                {
                    cpu.Dispose();
                    foreach (var g in gpus) g.Dispose();
                }
            }
        }
    }
}
