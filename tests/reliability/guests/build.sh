#!/usr/bin/env bash
# Rebuild the reliability suite's guest ELFs (bin/<name>.elf from <name>.c) with the workloads'
# runtime and flags (workloads/build.sh: rv32im, picolibc, own crt0, GNU ld's default script).
# The ELFs are committed, so `npm test` never needs the toolchain; run this after editing a source.
# Needs: riscv64-unknown-elf-gcc, picolibc-riscv64-unknown-elf.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
RUNTIME="$(cd "$HERE/../../../workloads/runtime" && pwd)"
CC=riscv64-unknown-elf-gcc
PICOLIBC=/usr/lib/picolibc/riscv64-unknown-elf
PICOLIBC_LIB=$PICOLIBC/lib/release/rv32im/ilp32
command -v "$CC" >/dev/null || { echo "build.sh: '$CC' not found (apt-get install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf)" >&2; exit 2; }
[[ -f $PICOLIBC_LIB/libc.a ]] || { echo "build.sh: picolibc for rv32im/ilp32 not found at $PICOLIBC_LIB" >&2; exit 2; }

ARCH=(-march=rv32im -mabi=ilp32)
CFLAGS=("${ARCH[@]}" -Os -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE
  -D_POSIX_MONOTONIC_CLOCK=200112L -D_POSIX_CPUTIME=200112L -D_POSIX_THREAD_CPUTIME=200112L
  -D_POSIX_TIMERS=200112L -D_POSIX_CLOCK_SELECTION=200112L -D_POSIX_PRIORITY_SCHEDULING=200112L
  -ffunction-sections -fdata-sections -ftls-model=local-exec -fno-common
  -ffile-prefix-map="$HERE"=tests/reliability/guests -ffile-prefix-map="$RUNTIME"=workloads/runtime
  -I"$RUNTIME/include" -I"$RUNTIME" -isystem "$PICOLIBC/include")
LDFLAGS=("${ARCH[@]}" -static -nostartfiles -nostdlib -Wl,--gc-sections -Wl,--strip-debug -Wl,--build-id=none)
LIBS=("$RUNTIME/tessera.ld" -L"$PICOLIBC_LIB" -Wl,--start-group -lc -lgcc -Wl,--end-group)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/tessera-reliability.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
objs=()
for src in "$RUNTIME"/*.S "$RUNTIME"/*.c; do
  o=$TMP/$(basename "$src").o
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$o"
  objs+=("$o")
done
mkdir -p "$HERE/bin"
for src in "$HERE"/*.c; do
  name=$(basename "$src" .c)
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$TMP/$name.o"
  "$CC" "${LDFLAGS[@]}" -o "$HERE/bin/$name.elf" "$TMP/$name.o" "${objs[@]}" "${LIBS[@]}"
  echo "built bin/$name.elf"
done
