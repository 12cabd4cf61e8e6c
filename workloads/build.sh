#!/usr/bin/env bash
# Rebuild every guest ELF from source and regenerate (or check) the qemu-riscv32 oracle outputs.
#
#   workloads/build.sh          rebuild bin/<elf>.elf, run every case of programs.json under
#                               qemu-riscv32, write expected/<case>.stdout and expected/<case>.json
#   workloads/build.sh --check  build into a temp dir, write nothing; run the committed ELFs and the
#                               rebuilt ones under qemu and compare with the committed expectations
#                               (exit 1 with a diff on any mismatch)
#   workloads/build.sh --count  run every case's committed ELF under qemu in single-step mode and
#                               print the instructions it executed (children included), slow
#
# Needs: riscv64-unknown-elf-gcc, picolibc-riscv64-unknown-elf, qemu-riscv32, node, and `npm install`
# done (strace.ts turns qemu's -strace log into the case's system call set).
# Each case runs in a fresh directory holding only its own ELF and the files it lists ("files"),
# as `qemu-riscv32 <elf>.elf args...` (so argv[0] is "<elf>.elf") with an empty environment.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
MODE=build
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  --count) MODE=count ;;
  *) echo "usage: $0 [--check | --count]" >&2; exit 2 ;;
esac

CC=riscv64-unknown-elf-gcc
QEMU=qemu-riscv32
PICOLIBC=/usr/lib/picolibc/riscv64-unknown-elf
PICOLIBC_LIB=$PICOLIBC/lib/release/rv32im/ilp32
for tool in "$CC" "$QEMU" node; do
  command -v "$tool" >/dev/null || { echo "build.sh: '$tool' not found (apt-get install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-user)" >&2; exit 2; }
done
[[ -d $ROOT/node_modules/tsx ]] || { echo "build.sh: run 'npm install' in $ROOT first (workloads/strace.ts runs through tsx)" >&2; exit 2; }
[[ -f $PICOLIBC_LIB/libc.a ]] || { echo "build.sh: picolibc for rv32im/ilp32 not found at $PICOLIBC_LIB (apt-get install picolibc-riscv64-unknown-elf)" >&2; exit 2; }

ARCH=(-march=rv32im -mabi=ilp32)
# _POSIX_*: the runtime implements these clocks, clock_gettime/nanosleep and sched_yield; picolibc
# only declares them when the platform says so.
CFLAGS=("${ARCH[@]}" -Os -std=gnu11 -Wall -Wextra -D_GNU_SOURCE
  -D_POSIX_MONOTONIC_CLOCK=200112L -D_POSIX_CPUTIME=200112L -D_POSIX_THREAD_CPUTIME=200112L
  -D_POSIX_TIMERS=200112L -D_POSIX_CLOCK_SELECTION=200112L -D_POSIX_PRIORITY_SCHEDULING=200112L
  -ffunction-sections -fdata-sections -ftls-model=local-exec -fno-common
  -ffile-prefix-map="$HERE"=workloads
  -I"$HERE/runtime/include" -I"$HERE/runtime" -isystem "$PICOLIBC/include")
# GNU ld's default script (no -T); runtime/tessera.ld only adds TLS symbols. --strip-debug drops
# picolibc's DWARF; the symbol table stays for debugging on the emulator.
LDFLAGS=("${ARCH[@]}" -static -nostartfiles -nostdlib -Wl,--gc-sections -Wl,--strip-debug -Wl,--build-id=none)
LIBS=("$HERE/runtime/tessera.ld" -L"$PICOLIBC_LIB" -Wl,--start-group -lc -lgcc -Wl,--end-group)

# Warnings are errors when regenerating, not in --check, so a newer compiler cannot fail CI by itself.
[[ $MODE == build ]] && CFLAGS+=(-Werror)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/tessera-workloads.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
OBJ=$TMP/obj
mkdir -p "$OBJ/runtime" "$OBJ/oracle"

if [[ $MODE == build ]]; then BIN=$HERE/bin; EXP=$HERE/expected; else BIN=$TMP/bin; EXP=$TMP/expected; fi
mkdir -p "$BIN" "$EXP"

# ---- runtime -------------------------------------------------------------------------------
RUNTIME_OBJS=()
for src in "$HERE"/runtime/*.S "$HERE"/runtime/*.c; do
  o=$OBJ/runtime/$(basename "$src").o
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$o"
  RUNTIME_OBJS+=("$o")
done

link() { # link OUT OBJ...
  local out=$1; shift
  "$CC" "${LDFLAGS[@]}" -o "$out" "$@" "${RUNTIME_OBJS[@]}" "${LIBS[@]}"
}

# ---- programs ------------------------------------------------------------------------------
# Every src/<name>.c is one program with its own main.
PROGRAMS=()
for src in "$HERE"/src/*.c; do
  name=$(basename "$src" .c)
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$OBJ/$name.o"
  link "$BIN/$name.elf" "$OBJ/$name.o"
  PROGRAMS+=("$name")
done
if [[ $MODE == build ]]; then
  # Drop ELFs whose source is gone.
  for elf in "$BIN"/*.elf; do
    [[ -f $HERE/src/$(basename "$elf" .elf).c ]] || rm -f "$elf"
  done
fi

# ---- cases ---------------------------------------------------------------------------------
# node turns programs.json into one line per case: name, elf, stdin, files, inprocess, args
# (fields separated by \x1e, list items by \x1f: non-blank separators keep empty fields).
mapfile -t CASES < <(node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const sep = "\x1f";
  for (const c of m.programs) {
    const f = [c.name, c.elf ?? c.name, c.stdin ?? "", (c.files ?? []).join(sep),
               (c.oracle?.inprocess ?? []).join(sep), (c.args ?? []).join(sep)];
    if (f.some((x) => /[\n\x1e]/.test(x))) throw new Error(`case ${c.name}: newlines unsupported in names and args`);
    console.log(f.join("\x1e"));
  }' "$HERE/programs.json")

# The oracle variant of a program whose child execs other guests: qemu-user cannot execve a
# RISC-V ELF without binfmt_misc (ENOEXEC), so the callees are linked in and "exec" calls their
# main in-process (see README.md, "exec under qemu").
build_inprocess() { # build_inprocess ELF CALLEE...
  local elf=$1; shift
  local objs=()
  "$CC" "${CFLAGS[@]}" -DTESSERA_INPROCESS_EXEC -c "$HERE/src/$elf.c" -o "$OBJ/oracle/$elf.o"
  objs+=("$OBJ/oracle/$elf.o")
  for callee in "$@"; do
    "$CC" "${CFLAGS[@]}" -Dmain="tessera_main_$callee" -c "$HERE/src/$callee.c" -o "$OBJ/oracle/$callee.o"
    objs+=("$OBJ/oracle/$callee.o")
  done
  link "$OBJ/oracle/$elf.elf" "${objs[@]}"
}

run_case() { # run_case ELFDIR OUTDIR NAME ELF STDIN FILES INPROCESS ARGS
  local elfdir=$1 outdir=$2 name=$3 elf=$4 stdin=$5 files=$6 inprocess=$7 argstr=$8
  local args=() fl=() ip=()
  [[ -n $argstr ]] && IFS=$'\x1f' read -r -a args <<<"$argstr"
  [[ -n $files ]] && IFS=$'\x1f' read -r -a fl <<<"$files"
  [[ -n $inprocess ]] && IFS=$'\x1f' read -r -a ip <<<"$inprocess"
  local run=$TMP/run/$name
  rm -rf "$run"; mkdir -p "$run"
  for f in "${fl[@]}"; do cp "$elfdir/$f" "$run/$f"; done
  local exe=$elfdir/$elf.elf
  if ((${#ip[@]})); then
    [[ -f $OBJ/oracle/$elf.elf ]] || build_inprocess "$elf" "${ip[@]}"
    exe=$OBJ/oracle/$elf.elf
  fi
  # The program runs from its cwd as "<elf>.elf", so argv[0] is that name on every kernel.
  cp "$exe" "$run/$elf.elf"
  local in=/dev/null
  [[ -n $stdin ]] && in=$HERE/$stdin
  local rc=0
  # qemu's -strace lines (parent and children) give the set of system calls the case makes. They go
  # to stderr: a -D log file would take descriptor 3 from the guest.
  local opts=("${QEMU_OPTS[@]}")
  ((${#opts[@]})) || opts=(-strace)
  # The outer 2>/dev/null silences bash's "Segmentation fault" report for the crash cases.
  # ulimit -n 1024: Linux's default soft limit on descriptors, whatever the host's (errors fills the table).
  { (cd "$run" && ulimit -n 1024 && exec env -i timeout "$TIMEOUT" "$QEMU" "${opts[@]}" "$elf.elf" "${args[@]}" <"$in" >"$outdir/$name.stdout" 2>"$TMP/$name.stderr"); } 2>/dev/null || rc=$?
  if ((rc == 124)); then echo "build.sh: case $name timed out under qemu" >&2; exit 1; fi
  node "$ROOT/bin/run-ts.js" "$HERE/strace.ts" "$rc" "$stdin" "$argstr" "$elf" "$TMP/$name.stderr" >"$outdir/$name.json"
}

QEMU_OPTS=()
TIMEOUT=120
STATUS=0
compare() { # compare LABEL DIR
  local label=$1 dir=$2 c name
  for c in "${CASES[@]}"; do
    name=${c%%$'\x1e'*}
    for ext in stdout json; do
      if ! diff -u "$HERE/expected/$name.$ext" "$dir/$name.$ext" >"$TMP/diff" 2>&1; then
        echo "oracle check FAILED ($label): case $name, expected/$name.$ext differs from qemu's output:" >&2
        head -40 "$TMP/diff" >&2
        STATUS=1
      fi
    done
  done
}

if [[ $MODE == count ]]; then
  # qemu logs one "Trace" line per executed translation block; single-stepping makes every block one
  # instruction. The log goes through a FIFO because it can be gigabytes long.
  TIMEOUT=3600
  mkfifo "$TMP/trace"
  mkdir -p "$TMP/count"
  printf '%-14s %14s\n' case instructions
  for c in "${CASES[@]}"; do
    IFS=$'\x1e' read -r name elf stdin files inprocess argstr <<<"$c"
    grep -c '^Trace' <"$TMP/trace" >"$TMP/count/$name" &
    counter=$!
    QEMU_OPTS=(-singlestep -d exec,nochain -D "$TMP/trace")
    run_case "$HERE/bin" "$TMP/count" "$name" "$elf" "$stdin" "$files" "$inprocess" "$argstr"
    wait "$counter" || true
    printf '%-14s %14s%s\n' "$name" "$(cat "$TMP/count/$name")" "$( ((${#inprocess})) && echo '  (oracle in-process build)')"
  done
  exit 0
fi

for c in "${CASES[@]}"; do
  IFS=$'\x1e' read -r name elf stdin files inprocess argstr <<<"$c"
  [[ -f $HERE/src/$elf.c ]] || { echo "build.sh: case $name uses elf '$elf' but src/$elf.c does not exist" >&2; exit 1; }
  run_case "$BIN" "$EXP" "$name" "$elf" "$stdin" "$files" "$inprocess" "$argstr"
done

if [[ $MODE == build ]]; then
  # Drop expectations of cases that are gone.
  for f in "$EXP"/*.json; do
    n=$(basename "$f" .json)
    printf '%s\n' "${CASES[@]}" | cut -d$'\x1e' -f1 | grep -qxF "$n" || rm -f "$EXP/$n.json" "$EXP/$n.stdout"
  done
  # A second run must give the same bytes: expectations of a nondeterministic guest are useless.
  mkdir -p "$TMP/again"
  for c in "${CASES[@]}"; do
    IFS=$'\x1e' read -r name elf stdin files inprocess argstr <<<"$c"
    run_case "$BIN" "$TMP/again" "$name" "$elf" "$stdin" "$files" "$inprocess" "$argstr"
  done
  compare "second run (is a guest nondeterministic?)" "$TMP/again"
  ((STATUS == 0)) && echo "built ${#PROGRAMS[@]} programs into workloads/bin, ${#CASES[@]} expected outputs into workloads/expected"
else
  compare "rebuilt ELFs" "$EXP"
  mkdir -p "$TMP/committed"
  for c in "${CASES[@]}"; do
    IFS=$'\x1e' read -r name elf stdin files inprocess argstr <<<"$c"
    run_case "$HERE/bin" "$TMP/committed" "$name" "$elf" "$stdin" "$files" "$inprocess" "$argstr"
  done
  compare "committed ELFs" "$TMP/committed"
  for p in "${PROGRAMS[@]}"; do
    cmp -s "$BIN/$p.elf" "$HERE/bin/$p.elf" || echo "note: rebuilt $p.elf differs from the committed one (toolchain version?); outputs compared above" >&2
  done
  ((STATUS == 0)) && echo "oracle check passed: ${#CASES[@]} cases, committed and rebuilt ELFs match the expected outputs under qemu-riscv32"
fi
exit $STATUS
