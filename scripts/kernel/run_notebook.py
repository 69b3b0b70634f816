"""Executes one notebook through nbclient (a real Jupyter client) and writes the executed notebook
and, optionally, an HTML report. Progress goes to stderr; the last line of stdout is a JSON summary
that `robustnb notebooks run` reads. Run with Debian's /usr/bin/python3 (it sees nbclient)."""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

INJECTED_TAG = "injected-parameters"


def code_cell_number(nb, index):
    """1-based position among the notebook's own code cells (the injected cell is not counted),
    which is what a reader counts in the notebook as written."""
    number = 0
    for i, cell in enumerate(nb.cells[: index + 1]):
        if cell.cell_type == "code" and INJECTED_TAG not in cell.get("metadata", {}).get("tags", []):
            number += 1
    injected = INJECTED_TAG in nb.cells[index].get("metadata", {}).get("tags", [])
    return number, injected


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return i, output.get("ename", ""), output.get("evalue", "")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--output", required=True)
    parser.add_argument("--html")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--kernel", default="robustnb-csharp")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    total = sum(1 for c in nb.cells if c.cell_type == "code")
    started = {}

    def on_execute(cell, cell_index, **_):
        number, injected = code_cell_number(nb, cell_index)
        label = "injected parameters" if injected else f"code cell {number}"
        started[cell_index] = time.monotonic()
        print(f"  {label} ({cell_index + 1}/{len(nb.cells)} cells, {total} code) ...", file=sys.stderr, flush=True)

    def on_executed(cell, cell_index, **_):
        elapsed = time.monotonic() - started.get(cell_index, time.monotonic())
        print(f"    done in {elapsed:.1f} s", file=sys.stderr, flush=True)

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        startup_timeout=120,
        kernel_name=args.kernel,
        allow_errors=False,
        resources={"metadata": {"path": args.cwd}},
        on_cell_execute=on_execute,
        on_cell_executed=on_executed,
    )
    summary = {"status": "ok"}
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        found = first_error(nb)
        if found is not None:
            index, ename, evalue = found
        else:
            index = next((i for i in sorted(started, reverse=True)), -1)
            ename, evalue = type(e).__name__, str(e).strip().splitlines()[-1] if str(e).strip() else ""
        number, injected = code_cell_number(nb, index) if index >= 0 else (0, False)
        summary = {"status": "error", "cell_index": index, "code_cell": number, "injected": injected,
                   "ename": ename, "evalue": evalue}
    nbformat.write(nb, args.output)
    if args.html:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(body)
    print(json.dumps(summary))
    return 0 if summary["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
