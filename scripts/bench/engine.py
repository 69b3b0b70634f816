#!/usr/bin/python3
"""PyTorch-eager side of `robustnb bench engine`: the same workloads as the C# side
(lib/RobustNotebooks.Cli/Commands/BenchEngine*.cs), on the same libtorch, printing one JSON object.

The C# side writes the batches (real Fashion-MNIST, or seeded random data when it is not installed)
as raw files, so both sides time the same images; the checksum in the output lets the caller verify that.
Run with /usr/bin/python3 (Debian's python3-torch)."""
import argparse
import json
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet_pp():
    # paper.md §2.3: three pairs of 5x5 convolutions (padding 2) with PReLU, max-pool 2 after each
    # pair, then FC 1152 -> 2 + PReLU (the 2-D feature) and FC 2 -> 10.
    def pair(cin, cout):
        return [nn.Conv2d(cin, cout, 5, padding=2), nn.PReLU(), nn.Conv2d(cout, cout, 5, padding=2), nn.PReLU(),
                nn.MaxPool2d(2)]
    return nn.Sequential(*pair(1, 32), *pair(32, 64), *pair(64, 128), nn.Flatten(),
                         nn.Linear(1152, 2), nn.PReLU(), nn.Linear(2, 10))


def load(directory, name):
    # Raw little-endian float32 images (N x 1 x 28 x 28) and int64 labels written by the C# side.
    x = torch.from_numpy(np.fromfile(f"{directory}/{name}_x.f32", dtype="<f4").copy()).view(-1, 1, 28, 28)
    y = torch.from_numpy(np.fromfile(f"{directory}/{name}_y.i64", dtype="<i8").copy())
    return x, y


def train_images_per_s(model, x, y, warmup, steps, repeats):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append(time.perf_counter() - start)
    return x.shape[0] * steps / statistics.median(times)


def pgd(model, x, y, eps=0.1, alpha=0.01, steps=10):
    x_adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = F.cross_entropy(model(x_adv), y)
        g, = torch.autograd.grad(loss, [x_adv])
        x_adv = x_adv.detach() + alpha * g.sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)
    return x_adv


def pgd_images_per_s(model, x, y, batch_size, repeats):
    model.eval()
    pgd(model, x[:batch_size], y[:batch_size])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, x.shape[0], batch_size):
            pgd(model, x[i:i + batch_size], y[i:i + batch_size])
        times.append(time.perf_counter() - start)
    return x.shape[0] / statistics.median(times)


def op_ns(calls, repeats):
    t = torch.zeros(10)
    for _ in range(calls):
        t.add_(1)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            t.add_(1)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / calls * 1e9


def op_mix_ns(calls, repeats):
    # Mean time per call over the same mix of out-of-place ops as the C# side (5 ops per iteration).
    a = torch.arange(16, dtype=torch.float32) / 16
    b = torch.ones(16) * 0.5
    index = torch.tensor([0, 3, 5, 15])

    def mix():
        for _ in range(calls):
            c = a.add(b)
            d = c.mul(b)
            e = d.relu()
            e.sum()
            e.index_select(0, index)

    mix()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        mix()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / (calls * 5) * 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train-steps", type=int, required=True)
    p.add_argument("--train-repeats", type=int, required=True)
    p.add_argument("--warmup", type=int, required=True)
    p.add_argument("--pgd-images", type=int, required=True)
    p.add_argument("--pgd-batch", type=int, required=True)
    p.add_argument("--pgd-repeats", type=int, required=True)
    p.add_argument("--op-calls", type=int, required=True)
    p.add_argument("--op-repeats", type=int, required=True)
    p.add_argument("--data", required=True, help="directory with train_x.f32, train_y.i64, test_x.f32, test_y.i64")
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    x, y = load(a.data, "train")
    tx, ty = load(a.data, "test")
    checksum = float(x.double().sum()) + float(y.sum()) + float(tx.double().sum()) + float(ty.sum())
    torch.manual_seed(a.seed + 1)
    model = lenet_pp()
    train = train_images_per_s(model, x, y, a.warmup, a.train_steps, a.train_repeats)
    attack = pgd_images_per_s(model, tx, ty, a.pgd_batch, a.pgd_repeats)
    op = op_ns(a.op_calls, a.op_repeats)
    op_mix = op_mix_ns(a.op_calls, a.op_repeats)
    print(json.dumps({"torch_version": torch.__version__, "threads": torch.get_num_threads(), "checksum": checksum,
                      "train_images_per_s": train, "pgd_images_per_s": attack, "op_ns": op,
                      "op_mix_ns": op_mix}))


if __name__ == "__main__":
    main()
