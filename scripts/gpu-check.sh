#!/usr/bin/env bash
# Proves the CUDA path on a GPU machine in one call, from a bundle prepared here.
#
#   scripts/gpu-check.sh pack [BUNDLE]          here, with the .NET SDK: writes BUNDLE (default gpu-bundle/):
#                                               dotnet-runtime.tar.xz (dotnet, host, Microsoft.NETCore.App),
#                                               app.tar.xz (the published CLI and tests, and xunit's console
#                                               runner) and data.tar.xz (Fashion-MNIST, plain IDX)
#   scripts/gpu-check.sh run OUT [BUNDLE] [--quick]
#                                               there: unpacks the bundle, builds the shim against $LIBTORCH or
#                                               the libtorch of the PyTorch that python3 imports, then runs the
#                                               engine tests on the device, `bench engine` against PyTorch eager
#                                               on the device, and trains LeNet++ for one epoch and evaluates it.
#                                               Every log and result lands in OUT; OUT/summary.txt has one line
#                                               per step with its exit code and time.
#
# The device is cuda when python3's torch sees one, else cpu (then the steps that need CUDA are skipped
# and the rest runs on the CPU, which is how this script is tried on a machine without a GPU:
# LIBTORCH=/usr/lib/x86_64-linux-gnu ROBUSTNB_PYTHON=/usr/bin/python3 scripts/gpu-check.sh run out/gpu --quick).
# --quick shortens training and the benchmark for a trial run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

pack() {
  local bundle=${1:-$root/gpu-bundle}
  mkdir -p "$bundle"
  local stage
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' RETURN

  echo "gpu-check pack: publishing the CLI and the tests" >&2
  dotnet publish "$root/tests/RobustNotebooks.Tests/RobustNotebooks.Tests.csproj" -c Release -nologo -v q \
    -clp:ErrorsOnly -o "$stage/app" >&2
  # The shim is rebuilt on the target against its own libtorch.
  rm -f "$stage/app/librobustnb_native.so"
  local runner
  runner=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/xunit.runner.console" -path '*tools/netcoreapp2.0' -type d | sort | tail -n 1)
  [ -n "$runner" ] || { echo "gpu-check pack: xunit.runner.console was not restored (the tests project downloads it)" >&2; exit 1; }
  mkdir -p "$stage/app/xunit-runner"
  cp "$runner"/* "$stage/app/xunit-runner/"
  tar -C "$stage" -cf - app | xz -T2 -6 > "$bundle/app.tar.xz"

  echo "gpu-check pack: the .NET runtime" >&2
  local dotnet_root
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local runtime
  runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')
  tar -C "$dotnet_root" -cf - dotnet host "shared/Microsoft.NETCore.App/$runtime" | xz -T2 -6 > "$bundle/dotnet-runtime.tar.xz"

  echo "gpu-check pack: Fashion-MNIST" >&2
  local fmnist=/usr/share/datasets/fashion-mnist
  [ -d "$fmnist" ] || fmnist=$root/data/fashion-mnist
  mkdir -p "$stage/data/fashion-mnist"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    zcat "$fmnist/$f.gz" > "$stage/data/fashion-mnist/$f"
  done
  tar -C "$stage" -cf - data | xz -T2 -6 > "$bundle/data.tar.xz"
  du -ch "$bundle"/*.tar.xz >&2
}

run() {
  local out=$1 bundle=$root/gpu-bundle quick=0
  shift
  for a in "$@"; do
    case $a in
      --quick) quick=1 ;;
      *) bundle=$a ;;
    esac
  done
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  local work
  work=$(mktemp -d)
  local summary=$out/summary.txt
  : > "$summary"

  # step NAME COMMAND...: runs one step with its log in OUT/NAME.log; a failure is recorded, not fatal.
  step() {
    local name=$1
    shift
    local start rc=0
    start=$(date +%s)
    echo "gpu-check: $name" >&2
    "$@" > "$out/$name.log" 2>&1 || rc=$?
    printf '%-14s rc=%-3s %4ss\n' "$name" "$rc" "$(( $(date +%s) - start ))" | tee -a "$summary" >&2
    return 0
  }

  local python=${ROBUSTNB_PYTHON:-python3}
  for f in dotnet-runtime app data; do
    [ -f "$bundle/$f.tar.xz" ] || { echo "gpu-check run: $bundle/$f.tar.xz is missing; run 'scripts/gpu-check.sh pack' first" >&2; exit 1; }
    xz -dc "$bundle/$f.tar.xz" | tar -C "$work" -xf -
  done
  export DOTNET_ROOT=$work DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  local dotnet=$work/dotnet app=$work/app
  export ROBUSTNB_DATA=$work/data ROBUSTNB_PYTHON=$python

  {
    echo "date: $(date -u +%FT%TZ)"
    echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
    "$dotnet" --list-runtimes
    "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available()); print("gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none")'
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  } > "$out/machine.txt" 2>&1 || true
  cat "$out/machine.txt" >&2

  local device=cpu
  if "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then device=cuda; fi
  echo "device: $device" >> "$summary"

  if [ -z "${LIBTORCH:-}" ]; then
    LIBTORCH=$("$python" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')
  fi
  export LIBTORCH
  shim() {
    cmake -S "$root/lib/native" -B "$work/shim" -DCMAKE_BUILD_TYPE=Release &&
      cmake --build "$work/shim" -j "$(nproc)" &&
      cp "$work/shim/librobustnb_native.so" "$app/"
  }
  step shim shim
  [ -f "$app/librobustnb_native.so" ] || { echo "gpu-check run: the shim did not build; see $out/shim.log" >&2; return 1; }

  local robustnb=("$dotnet" "$app/robustnb.dll")
  step version "${robustnb[@]}" --version

  # The engine's own suites (ops, autograd, functional, nn, optim) on the CPU of this libtorch, then the
  # device suite: every op and gradient case on the device against the CPU.
  local tests=("$dotnet" "$app/xunit-runner/xunit.console.dll" "$app/RobustNotebooks.Tests.dll" -parallel none)
  step tests-engine env DOTNET_ROLL_FORWARD=Major "${tests[@]}" -xml "$out/tests-engine.xml" \
    -namespace RobustNotebooks.Tests.Torch -namespace RobustNotebooks.Tests.Functional \
    -namespace RobustNotebooks.Tests.Nn -namespace RobustNotebooks.Tests.Optim
  if [ "$device" = cuda ]; then
    step tests-device env DOTNET_ROLL_FORWARD=Major ROBUSTNB_TEST_DEVICE=cuda "${tests[@]}" -xml "$out/tests-device.xml" \
      -namespace RobustNotebooks.Tests.Devices
  else
    echo "tests-device   skipped (no CUDA)" | tee -a "$summary" >&2
  fi

  # bench engine has no device option yet: it measures the CPU side of this libtorch on every machine.
  local bench=(bench engine --json)
  [ "$quick" = 1 ] && bench+=(--quick)
  step bench-engine-cpu "${robustnb[@]}" "${bench[@]}"

  local train=(train --dataset fmnist --model lenetpp --loss softmax --epochs 1 --device "$device" --out "$out/lenetpp-softmax")
  [ "$quick" = 1 ] && train+=(--limit 2000)
  rm -rf "$out/lenetpp-softmax"
  step train "${robustnb[@]}" "${train[@]}"
  step eval "${robustnb[@]}" eval --model "$out/lenetpp-softmax" --dataset fmnist --protocol paper --limit 1000 \
    --device "$device" --out "$out/eval"

  rm -rf "$work"
  echo "gpu-check: done; results in $out" >&2
  cat "$summary"
}

case ${1:-} in
  pack) shift; pack "$@" ;;
  run) shift; [ $# -ge 1 ] || { echo "usage: scripts/gpu-check.sh run OUT [BUNDLE] [--quick]" >&2; exit 2; }; run "$@" ;;
  *) echo "usage: scripts/gpu-check.sh pack [BUNDLE] | run OUT [BUNDLE] [--quick]" >&2; exit 2 ;;
esac
