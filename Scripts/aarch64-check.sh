#!/usr/bin/env bash
# `make aarch64-check`: every C file of the package, and every system library's shim, compiles
# for arm64 Linux (Graviton, Ampere; the same C as Apple Silicon) with warnings as errors.
# Syntax only: this machine has arm64 C headers (libc6-dev-arm64-cross) but no arm64 Swift
# toolchain. The codec headers (jpeglib.h, png.h, webp/, zlib.h) are the host's, which are the
# same on every architecture but for libjpeg's jconfig.h.
set -euo pipefail
cd "$(dirname "$0")/.."
clang=$(command -v clang || echo /opt/swift/usr/bin/clang)
sysroot=/usr/aarch64-linux-gnu/include
[ -d "$sysroot" ] || { echo "aarch64-check: $sysroot is missing (install libc6-dev-arm64-cross)"; exit 1; }
flags=(--target=aarch64-linux-gnu -fsyntax-only -std=gnu11 -Wall -Wextra -Werror -isystem "$sysroot"
       -idirafter /usr/include -idirafter "/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)")
for include in Sources/C*/include; do flags+=(-I "$include"); done
checked=0
for file in Sources/C*/*.c; do
  "$clang" "${flags[@]}" "$file"
  checked=$((checked + 1))
done
# A shim's inline functions are unused when it is compiled on its own.
for file in Sources/C*/shim.h; do
  "$clang" "${flags[@]}" -Wno-unused-function -x c "$file"
  checked=$((checked + 1))
done
echo "aarch64-check: $checked C files and shims compile for aarch64-linux-gnu"
