#!/usr/bin/env bash
# Installs the system packages Palimpsest builds against, or says exactly what to install.
# Usage: Scripts/ensure-deps.sh PACKAGE...
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing missing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Palimpsest needs these system packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v swift >/dev/null; then
  echo "Palimpsest needs the Swift 6.1+ toolchain on PATH (swift.org/install)." >&2
  exit 1
fi
