#!/usr/bin/python3
"""PyTorch-eager side of `robustnb bench attacks`: PGD and APGD-CE written the way a PyTorch user writes
them (torchattacks / AutoAttack style: every example runs every iteration on the whole batch), on the same
LeNet++ weights and the same test images as the C# side, printing one JSON object.

Outcome rule, the same as the library's: an example counts as broken when any iterate the attack evaluates
is misclassified (PGD: the start and every step; APGD: every iterate). Robust accuracy is the share never
broken. Run with /usr/bin/python3 (Debian's python3-torch, the same libtorch as ours)."""
import argparse
import json
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    # struct + json only: the reference never depends on a safetensors package.
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    kinds = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
    out = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + begin: 8 + n + end])
        out[name] = torch.frombuffer(raw, dtype=kinds[entry["dtype"]]).reshape(entry["shape"]).clone()
    return out


class LeNetPlusPlus(nn.Module):
    """The library's LeNet++ (lib/RobustNotebooks/Models/LeNetPlusPlus.cs) with the same parameter names:
    normalisation inside, three stages of two 5x5 convolutions with PReLU and 2x2 max-pooling, a PReLU
    embedding and the classifier."""

    def __init__(self, state, mean, std):
        super().__init__()

        def stage(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 5, padding=2), nn.PReLU(), nn.Conv2d(cout, cout, 5, padding=2),
                                 nn.PReLU(), nn.MaxPool2d(2))
        channels = state["stage1.0.weight"].shape[1]
        self.stage1, self.stage2, self.stage3 = stage(channels, 32), stage(32, 64), stage(64, 128)
        self.embedding = nn.Linear(*reversed(state["embedding.weight"].shape))
        self.embeddingActivation = nn.PReLU()
        self.classifier = nn.Linear(*reversed(state["classifier.weight"].shape))
        self.load_state_dict(state, strict=True)
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1))

    def forward(self, x):
        h = self.stage3(self.stage2(self.stage1((x - self.mean) / self.std)))
        return self.classifier(self.embeddingActivation(self.embedding(h.flatten(1))))


def load_images(directory, name, shape):
    x = torch.from_numpy(np.fromfile(f"{directory}/{name}_x.f32", dtype="<f4").copy()).view(-1, *shape)
    y = torch.from_numpy(np.fromfile(f"{directory}/{name}_y.i64", dtype="<i8").copy())
    return x, y


def loss_and_grad(model, x, y):
    x = x.detach().requires_grad_(True)
    logits = model(x)
    per_example = F.cross_entropy(logits, y, reduction="none")
    grad, = torch.autograd.grad(per_example.sum(), x)
    return per_example.detach(), logits.detach(), grad


def project(x, origin, eps):
    return torch.min(torch.max(x, origin - eps), origin + eps).clamp(0, 1)


def pgd(model, x, y, eps, steps, step_size):
    """PGD without random start: sign steps of step_size, projection onto the ball and the box."""
    broken = torch.zeros(len(y), dtype=torch.bool)
    x_adv = x.clone()
    for _ in range(steps):
        _, logits, grad = loss_and_grad(model, x_adv, y)
        broken |= logits.argmax(1) != y
        x_adv = project(x_adv + step_size * grad.sign(), x, eps)
    with torch.no_grad():
        broken |= model(x_adv).argmax(1) != y
    return broken


def checkpoints(n_iter):
    """APGD's checkpoint iterations: the first window is 22 % of the run, each next one 3 % shorter,
    never shorter than 6 % (Croce & Hein 2020)."""
    points, length, at = [], max(int(0.22 * n_iter), 1), 0
    decrease, smallest = max(int(0.03 * n_iter), 1), max(int(0.06 * n_iter), 1)
    while at + length <= n_iter:
        at += length
        points.append(at)
        length = max(length - decrease, smallest)
    return points


def apgd_ce(model, x, y, eps, n_iter, rho=0.75, alpha=0.75, seed=0):
    """APGD-CE, L-infinity, one restart: random start on the ball's boundary, step 2*eps, momentum alpha,
    step halving and a return to the best point at the checkpoints."""
    n = len(y)
    generator = torch.Generator().manual_seed(seed)
    t = torch.rand(x.shape, generator=generator) * 2 - 1
    x_k = (x + eps * t / t.flatten(1).abs().amax(1).view(-1, 1, 1, 1)).clamp(0, 1)
    shape = (-1,) + (1,) * (x.dim() - 1)
    step = torch.full((n,), 2 * eps).view(shape)
    loss_k, logits, grad = loss_and_grad(model, x_k, y)
    broken = logits.argmax(1) != y
    best_loss, x_best, grad_best = loss_k.clone(), x_k.clone(), grad.clone()
    x_prev = x_k.clone()
    marks = checkpoints(n_iter)
    increases = torch.zeros(n)
    last_mark, best_at_last_mark = 0, best_loss.clone()
    reduced_last = torch.ones(n, dtype=torch.bool)
    for k in range(n_iter):
        z = project(x_k + step * grad.sign(), x, eps)
        if k == 0:
            x_next = z
        else:
            x_next = project(x_k + alpha * (z - x_k) + (1 - alpha) * (x_k - x_prev), x, eps)
        x_prev, x_k = x_k, x_next
        loss_new, logits, grad = loss_and_grad(model, x_k, y)
        broken |= logits.argmax(1) != y
        increases += (loss_new > loss_k).float()
        loss_k = loss_new
        better = loss_new > best_loss
        best_loss = torch.where(better, loss_new, best_loss)
        x_best[better], grad_best[better] = x_k[better], grad[better]
        if k + 1 in marks:
            window = k + 1 - last_mark
            few_increases = increases <= rho * window
            stalled = (~reduced_last) & (best_at_last_mark >= best_loss)
            halve = few_increases | stalled
            step[halve] /= 2
            x_k[halve], grad[halve] = x_best[halve], grad_best[halve]
            reduced_last = halve
            increases.zero_()
            last_mark, best_at_last_mark = k + 1, best_loss.clone()
    return broken


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--mean", type=float, nargs="+", required=True)
    p.add_argument("--std", type=float, nargs="+", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--shape", type=int, nargs=3, required=True)
    p.add_argument("--eps", type=float, required=True)
    p.add_argument("--pgd-steps", type=int, required=True)
    p.add_argument("--pgd-step-size", type=float, required=True)
    p.add_argument("--apgd-iterations", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    model = LeNetPlusPlus(read_safetensors(a.model), a.mean, a.std).eval()
    for q in model.parameters():
        q.requires_grad_(False)
    x, y = load_images(a.data, "test", a.shape)
    batches = [(x[i:i + a.batch], y[i:i + a.batch]) for i in range(0, len(y), a.batch)]

    pgd(model, *batches[0], a.eps, 1, a.pgd_step_size)  # warm-up: first-call allocations, oneDNN kernels
    pgd_s, pgd_broken = timed(lambda: torch.cat([pgd(model, bx, by, a.eps, a.pgd_steps, a.pgd_step_size) for bx, by in batches]))
    apgd_s, apgd_broken = timed(lambda: torch.cat([apgd_ce(model, bx, by, a.eps, a.apgd_iterations) for bx, by in batches]))
    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "checksum": float(x.double().sum() + y.sum()),
        "images": len(y),
        "pgd_seconds": pgd_s,
        "pgd_robust": int((~pgd_broken).sum()),
        "apgd_seconds": apgd_s,
        "apgd_robust": int((~apgd_broken).sum()),
    }))


if __name__ == "__main__":
    main()
