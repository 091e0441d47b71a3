#!/usr/bin/env bash
# Installs every Debian 12 package HINT Explorer needs to build, run and test.
# Idempotent: packages already present are skipped by apt; `apt-get update` runs once per call.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
  libtorch-dev libopencv-dev libqcustomplot-dev nlohmann-json3-dev
  # libcrypto: SHA-256 of weights and images with the CPU's SHA extensions.
  libssl-dev
  # An optimized BLAS for LibTorch's linear layers: without it, libblas.so.3 is the unoptimized
  # reference BLAS, where VGG19's classifier took ~24% of an extraction's CPU time (perf). The OpenMP
  # build shares LibTorch's OpenMP threads instead of starting its own pool.
  libopenblas0-openmp
  libxgboost-dev xgboost wordnet-base
  googletest libgtest-dev libgmock-dev
  python3 python3-numpy python3-torch python3-torchvision python3-sklearn python3-xgboost python3-skimage python3-pil
  clang libclang-rt-14-dev
  xvfb xauth imagemagick desktop-file-utils appstream dpkg-dev file time
  help2man librsvg2-bin fonts-dejavu-core
  # Headless Chromium: the HTML report's browser test (tests/report/report_browser_test.py).
  chromium
  # A real single-node SLURM cluster for the slurm_array test (tests/slurm; started as root, torn down after).
  slurm-wlm munge
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
