# Shared by scripts/setup, scripts/run and scripts/test. Sourced, not run.

TORCH_VERSION=2.15.0   # pinned PyPI torch wheel (CUDA 13.2 build; runs on CPU without a GPU)
# Also in the venv, for tests and benchmarks only (reference implementations; never a
# runtime dependency of Fieldbench):
VENV_PACKAGES=("torch==$TORCH_VERSION" numpy==2.4.6 transformers==5.23.0 safetensors==0.8.0)
# XLM-R tokenizer tests: transformers reads sentencepiece.bpe.model through these two.
VENV_PACKAGES+=(sentencepiece==0.2.3 protobuf==7.36.2)

fb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${FIELDBENCH_BUILD_DIR:-$fb_root/build}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/fieldbench"

fb_log() { printf '\033[1m[fieldbench]\033[0m %s\n' "$*" >&2; }

# Debian packages the build, the tests, the demo corpus and the benchmarks need.
fb_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libsndfile1-dev libsoxr-dev libsentencepiece-dev sentencepiece portaudio19-dev
  libfasttext-dev
  libsqlite3-dev nlohmann-json3-dev libpugixml-dev libcli11-dev libxxhash-dev libicu-dev zlib1g-dev
  libgloo-dev
  libopenblas0-openmp python3-venv python3-pip
  iso-codes unicode-cldr-core espeak-ng sox libsox-fmt-all flac praat gettext
  xvfb xauth imagemagick fonts-dejavu-core bc
  manpages-es manpages-it manpages-pt manpages-ro manpages-de manpages-nl manpages-sv
  manpages-da manpages-ru manpages-uk manpages-pl manpages-cs manpages-fi manpages-hu
  manpages-tr manpages-id
  librsvg2-bin help2man appstream desktop-file-utils dpkg-dev patchelf   # icons, man pages, metadata checks, .deb
)

fb_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

fb_install_debian_packages() {
  local missing=()
  local p
  for p in "${fb_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "$(fb_torch_flavour)" = debian ]; then
    dpkg-query -W -f='${Status}' libtorch-dev 2>/dev/null | grep -q "install ok installed" || missing+=(libtorch-dev libprotobuf-dev)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    fb_log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    fb_sudo apt-get update -q
    fb_sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

fb_have_nvcc() { command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; }

# "pypi" (CUDA LibTorch from the torch wheel; needs the CUDA toolkit at configure time) or
# "debian" (CPU-only libtorch-dev).
fb_torch_flavour() {
  if [ -n "${FIELDBENCH_TORCH:-}" ]; then echo "$FIELDBENCH_TORCH"
  elif fb_have_nvcc; then echo pypi
  else echo debian; fi
}

# Sets torch_prefix (for CMAKE_PREFIX_PATH) and venv.
fb_select_torch() {
  local flavour
  flavour="$(fb_torch_flavour)"
  if [ "$flavour" = debian ]; then
    torch_prefix=/usr/lib/x86_64-linux-gnu/cmake/Torch
    [ -d "$torch_prefix" ] || torch_prefix=/usr
    venv=""
    fb_log "LibTorch: Debian's CPU-only libtorch-dev"
    return
  fi
  [ -x /usr/local/cuda/bin/nvcc ] && export PATH="/usr/local/cuda/bin:$PATH"
  venv="${FIELDBENCH_VENV:-$cache_root/torch-$TORCH_VERSION}"
  if [ "$(cat "$venv/.complete" 2>/dev/null)" != "${VENV_PACKAGES[*]}" ]; then
    fb_log "installing ${VENV_PACKAGES[*]} into $venv (several GB the first time)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "${VENV_PACKAGES[@]}"
    echo "${VENV_PACKAGES[*]}" > "$venv/.complete"
  fi
  torch_prefix="$("$venv/bin/python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)"
  local abi
  abi="$("$venv/bin/python" -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))' 2>/dev/null)"
  if [ "$abi" != 1 ]; then
    fb_log "torch $TORCH_VERSION was built with the old C++ ABI; Qt and Debian use the new one. Pick another version."
    exit 1
  fi
  fb_log "LibTorch: PyPI torch $TORCH_VERSION ($torch_prefix)"
}

fb_ccache_env() {
  export CCACHE_DIR="${CCACHE_DIR:-$cache_root/ccache}"
  export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
  # Needed for ccache to cache compilations that use a precompiled header.
  export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
  export CCACHE_BASEDIR="$fb_root"
  export CCACHE_NOHASHDIR=1
}

fb_configure() {
  fb_ccache_env
  # Configuring again is cheap (seconds) and keeps the cache in step with the venv.
  fb_log "configuring $build_dir"
  mkdir -p "$build_dir"
  cmake -S "$fb_root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE="${FIELDBENCH_BUILD_TYPE:-RelWithDebInfo}" \
    -DCMAKE_PREFIX_PATH="$torch_prefix" \
    -DFIELDBENCH_TORCH_PREFIX:STRING="$torch_prefix" \
    -DFIELDBENCH_PYTHON:FILEPATH="${venv:+$venv/bin/python}" \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    ${FIELDBENCH_CMAKE_ARGS:-} > "$build_dir/configure.log" 2>&1 || { cat "$build_dir/configure.log"; exit 1; }
  sed -n '/The following features have been enabled/,$p' "$build_dir/configure.log" >&2
}

fb_build() {
  fb_ccache_env
  fb_log "building ($build_dir)"
  cmake --build "$build_dir" -j "${FIELDBENCH_JOBS:-$(nproc)}"
}
