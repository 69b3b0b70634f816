"""Plain PyTorch reference for the gradient attacks of lib/RobustNotebooks/Attacks (run with Debian's
/usr/bin/python3, whose torch is the same libtorch). Usage: attacks.py IN.safetensors OUT.safetensors.

IN holds the small test CNN (conv.weight, conv.bias, fc.weight, fc.bias), images, labels, and a metadata
entry "eps". OUT gets one tensor per attack: fgsm, bim, mim, pgd (no random start, step 2/255), each the
adversarial batch under the library's rule: every example runs every iteration on the whole batch
(nothing leaves the batch early), and an example keeps the first iterate the model misclassifies,
otherwise its final iterate; and bim_final, textbook BIM: every example's final iterate. Safetensors are read and written with struct + json only."""
import json
import struct
import sys

import torch
import torch.nn.functional as F

DT = {"F64": torch.float64, "F32": torch.float32, "I64": torch.int64, "BOOL": torch.bool}
NAME = {v: k for k, v in DT.items()}


def st_load(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for k, v in header.items():
        b, e = v["data_offsets"]
        raw = bytearray(data[8 + n + b: 8 + n + e])
        out[k] = torch.frombuffer(raw, dtype=DT[v["dtype"]]).reshape(v["shape"]).clone()
    return out, meta


def st_save(path, tensors):
    header, blobs, off = {}, [], 0
    for k, t in tensors.items():
        raw = t.detach().contiguous().cpu().numpy().tobytes()
        header[k] = {"dtype": NAME[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for raw in blobs:
            f.write(raw)


def model(w, x):
    h = F.max_pool2d(F.relu(F.conv2d(x, w["conv.weight"], w["conv.bias"], padding=1)), 2)
    return F.linear(h.flatten(1), w["fc.weight"], w["fc.bias"])


def iterative(w, x, y, eps, steps, alpha, momentum, keep_first=True):
    """Sign steps on the summed cross-entropy from x itself, clipped to the eps-ball and [0, 1]."""
    adv = x.clone()
    best = x.clone()
    found = torch.zeros(len(x), dtype=torch.bool)
    g = None
    for t in range(steps + 1):
        adv = adv.detach().requires_grad_(True)
        logits = model(w, adv)
        wrong = logits.argmax(1) != y
        new = wrong & ~found
        best[new] = adv.detach()[new]
        found |= wrong
        if t == steps:
            break
        loss = F.cross_entropy(logits, y, reduction="none").sum()
        grad, = torch.autograd.grad(loss, adv)
        if momentum:
            scale = grad.abs().mean(dim=(1, 2, 3), keepdim=True).clamp_min(1e-12)
            g = grad / scale if g is None else g * 1.0 + grad / scale
            direction = g
        else:
            direction = grad
        with torch.no_grad():
            moved = adv + direction.sign() * alpha
            adv = torch.min(torch.max(moved, x - eps), x + eps).clamp(0, 1)
    if not keep_first:
        return adv.detach()
    best[~found] = adv.detach()[~found]
    return best


def main():
    torch.set_num_threads(1)
    inputs, meta = st_load(sys.argv[1])
    eps = float(meta["eps"])
    x, y = inputs.pop("images"), inputs.pop("labels")
    w = inputs
    out = {
        "fgsm": iterative(w, x, y, eps, 1, eps, False),
        "bim": iterative(w, x, y, eps, 10, eps / 10, False),
        "mim": iterative(w, x, y, eps, 10, eps / 10, True),
        "pgd": iterative(w, x, y, eps, 10, 2 / 255, False),
        "bim_final": iterative(w, x, y, eps, 10, eps / 10, False, keep_first=False),
    }
    st_save(sys.argv[2], out)


if __name__ == "__main__":
    main()
