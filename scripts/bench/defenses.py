#!/usr/bin/python3
"""PyTorch-eager side of `robustnb bench defenses`: one adversarial-training step (attack in eval mode,
then SGD on the adversarial batch) for PGD-7 and FGSM with a random start, written the plain way, on the
same libtorch.

It serves steps one at a time so the C# side can alternate its own step and this one, pair by pair: a
slow minute of the machine then slows both sides of the pairs it spans instead of one side's whole run.
It prints one JSON line when ready ({"torch_version", "threads", "checksum"}), then reads commands on
standard input, one per line: "pgd I" or "fgsm-rs I" runs a training step on batch I and answers
{"seconds": s, "page_faults": n}, timed here (no pipe latency) with the process's minor page faults during
the step; "quit" ends it.

The C# side (lib/RobustNotebooks.Cli/Commands/BenchDefensesCommand.cs) writes the batches as raw files
and passes the same settings. Run with /usr/bin/python3 (Debian's python3-torch)."""
import argparse
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNetPP(nn.Module):
    # Models/LeNetPlusPlus.cs: normalisation inside, three pairs of 5x5 convolutions with PReLU and
    # 2x2 max-pooling, a 128-d PReLU embedding and the classifier.
    def __init__(self, mean, std, embedding=128):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, 1, 1, 1))

        def stage(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 5, padding=2), nn.PReLU(), nn.Conv2d(cout, cout, 5, padding=2),
                                 nn.PReLU(), nn.MaxPool2d(2))
        self.features = nn.Sequential(stage(1, 32), stage(32, 64), stage(64, 128))
        self.embedding = nn.Linear(1152, embedding)
        self.act = nn.PReLU()
        self.classifier = nn.Linear(embedding, 10)

    def forward(self, x):
        h = self.features((x - self.mean) / self.std).flatten(1)
        return self.classifier(self.act(self.embedding(h)))


def load(directory, name):
    x = torch.from_numpy(np.fromfile(f"{directory}/{name}_x.f32", dtype="<f4").copy()).view(-1, 1, 28, 28)
    y = torch.from_numpy(np.fromfile(f"{directory}/{name}_y.i64", dtype="<i8").copy())
    return x, y


def adversarial(model, x, y, eps, steps, step_size):
    model.eval()
    lo, hi = x - eps, x + eps
    xa = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        xa.requires_grad_(True)
        loss = F.cross_entropy(model(xa), y, reduction="sum")
        g, = torch.autograd.grad(loss, [xa])
        xa = torch.min(torch.max(xa.detach() + step_size * g.sign(), lo), hi).clamp(0, 1)
    model.train()
    return xa.detach()


def train_step(model, opt, x, y, eps, steps, step_size):
    xa = adversarial(model, x, y, eps, steps, step_size)
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(xa), y).backward()
    opt.step()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--eps", type=float, required=True)
    p.add_argument("--pgd-steps", type=int, required=True)
    p.add_argument("--mean", type=float, required=True)
    p.add_argument("--std", type=float, required=True)
    p.add_argument("--channels-last", action="store_true", help="model.to(memory_format=torch.channels_last)")
    p.add_argument("--data", required=True, help="directory with train_x.f32 and train_y.i64")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    x, y = load(a.data, "train")
    checksum = float(x.double().sum()) + float(y.sum())
    torch.manual_seed(a.seed)
    model = LeNetPP(a.mean, a.std)
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    workloads = {"pgd": (a.pgd_steps, 2.5 * a.eps / a.pgd_steps), "fgsm-rs": (1, 1.25 * a.eps)}
    print(json.dumps({"torch_version": torch.__version__, "threads": torch.get_num_threads(), "checksum": checksum}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if words == ["quit"]:
            break
        if len(words) != 2 or words[0] not in workloads:
            sys.exit(f"defenses.py: unknown command {line.strip()!r}; expected 'pgd I', 'fgsm-rs I' or 'quit'")
        steps, step_size = workloads[words[0]]
        i = int(words[1])
        xb, yb = x[i * a.batch:(i + 1) * a.batch], y[i * a.batch:(i + 1) * a.batch]
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        train_step(model, opt, xb, yb, a.eps, steps, step_size)
        seconds = time.perf_counter() - start
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        print(json.dumps({"seconds": seconds, "page_faults": faults}), flush=True)


if __name__ == "__main__":
    main()
