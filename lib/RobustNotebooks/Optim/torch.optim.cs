using RobustNotebooks.Optim;

namespace RobustNotebooks.Torch;

public static partial class torch
{
    /// <summary>Optimizer and scheduler factories in PyTorch's spelling: <c>torch.optim.SGD(model.parameters(), 0.1)</c>.</summary>
    public static class optim
    {
        public static SGD SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static SGD SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            new(groups, lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            new(parameters, lr, betas, eps, weight_decay, amsgrad, maximize);

        public static Adam Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            new(groups, lr, betas, eps, weight_decay, amsgrad, maximize);

        public static AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
            new(parameters, lr, betas, eps, weight_decay, amsgrad, maximize);

        public static AdamW AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
            double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
            new(groups, lr, betas, eps, weight_decay, amsgrad, maximize);

        public static class lr_scheduler
        {
            public static MultiStepLR MultiStepLR(Optimizer optimizer, int[] milestones, double gamma = 0.1, int last_epoch = -1) =>
                new(optimizer, milestones, gamma, last_epoch);

            public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) =>
                new(optimizer, T_max, eta_min, last_epoch);
        }
    }
}
