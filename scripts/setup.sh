#!/usr/bin/env bash
# Installs every Debian package GreenGate needs, idempotently: packages already installed are not
# touched, so a second run needs no network. Run as root (or with sudo) on Debian 12.
#   scripts/setup.sh            build + test dependencies
#   scripts/setup.sh --bench    also the benchmark tools (hyperfine, wrk)
#   scripts/setup.sh --sanitize also clang-14, its sanitizer runtimes and lld (scripts/sanitize.sh)
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libboost-dev libtinyxml2-dev libpoco-dev libspdlog-dev libfmt-dev doctest-dev
  libsqlite3-dev libxml2-utils iso-codes python3 python3-openpyxl
  postgresql chromium chromium-driver chromium-headless-shell fonts-dejavu-core poppler-utils
  zlib1g-dev libreoffice-calc-nogui
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(hyperfine wrk time)
fi
if [[ "${1:-}" == "--sanitize" ]]; then
  packages+=(clang-14 libclang-rt-14-dev lld-14)  # scripts/sanitize.sh: ASan+UBSan and libFuzzer
fi
if [[ -n "${GREENGATE_EXTRA_PACKAGES:-}" ]]; then
  read -r -a extra <<<"$GREENGATE_EXTRA_PACKAGES"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "setup: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
