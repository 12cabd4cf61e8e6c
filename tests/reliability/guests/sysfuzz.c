/*
 * sysfuzz: issues every system call of the Tessera guest ABI (DESIGN.md) plus unknown numbers, with
 * pseudo-random arguments from a seed: small integers, descriptors, sizes, flags and wild pointers
 * (NULL, the zero page, kernel-half addresses, unaligned, unmapped, read-only text). The kernel must
 * answer each call with a result or a negated errno, or kill this process alone.
 * Usage: sysfuzz SEED CALLS [confined]
 * "confined" keeps every path inside the current directory (no "/", no ".."), so that results do not
 * depend on what other guests do elsewhere in the filesystem (the soak runs it beside them).
 * Output: one line per system-call number: name, calls, successes, errors; then a checksum of every
 * result and "sysfuzz: done". A result that is neither a value nor an errno (a kernel-internal code
 * leaking out, e.g. BLOCKED -65536 or NO_RETURN -32768) is printed as "sysfuzz: LEAK ...".
 * Calls that would end or stall the fuzzer are shaped, not skipped: exit only in forked children,
 * kill only with signal 0 or at pids that do not exist, sleeps of at most a few microseconds, pipes
 * whose write end is closed at once (reads see EOF), descriptors 0..2 never closed or replaced.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "syscall.h"

#define SYS_getppid 173
#define N_NUMBERS 28
static const int numbers[N_NUMBERS] = {
    SYS_dup, SYS_dup3, SYS_mkdirat, SYS_unlinkat, SYS_openat, SYS_close, SYS_pipe2, SYS_getdents64,
    SYS_llseek, SYS_read, SYS_write, SYS_exit, SYS_exit_group, SYS_waitid, SYS_sched_yield, SYS_kill,
    SYS_getpid, SYS_getppid, SYS_brk, SYS_munmap, SYS_clone, SYS_execve, SYS_mmap2, SYS_statx,
    SYS_clock_gettime64, SYS_clock_nanosleep_time64, 80, -1 /* an unknown number */};
static const char *names[N_NUMBERS] = {
    "dup", "dup3", "mkdirat", "unlinkat", "openat", "close", "pipe2", "getdents64",
    "llseek", "read", "write", "exit", "exit_group", "waitid", "sched_yield", "kill",
    "getpid", "getppid", "brk", "munmap", "clone", "execve", "mmap2", "statx",
    "clock_gettime64", "clock_nanosleep_time64", "fstat64", "unknown"};
static unsigned calls[N_NUMBERS], oks[N_NUMBERS], errs[N_NUMBERS];

int main(int argc, char **argv);
static uint32_t rng;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* The argument buffer, followed by a pad that absorbs reads running past its end (wild lengths), so
 * the kernel's writes never reach the counters below: those land in this guest's own memory, legally. */
static struct {
    char buf[8192];
    char pad[65536];
} arena __attribute__((aligned(16)));
#define buf arena.buf
static const char *paths[8] = {"/", "/sysfuzz.elf", "fz", "fz/a", "/nope/x", "..", "fz/b", ""};
static const char *confined[] = {".", "sysfuzz.elf", "fz", "fz/a", "nope/x", "fz/..", "fz/b", ""};
static uint32_t mapped[8];

/* A pointer-sized argument: a valid buffer, a string, or something wild. */
static long ptr(void)
{
    switch (next() % 12) {
    case 0: return 0;
    case 1: return 16;                               /* the never-mapped zero page */
    case 2: return (long)0x80000000u;                /* above user space */
    case 3: return (long)0xfffff000u;
    case 4: return (long)(buf + 1);                  /* unaligned */
    case 5: return (long)0x3ffff000u;                /* unmapped, below the mmap area */
    case 6: return (long)(uintptr_t)&main;           /* read-only text */
    case 7: return (long)paths[next() % 8];
    case 8: return (long)(buf + sizeof buf - 8);     /* runs off the end of the buffer */
    default: return (long)buf;
    }
}

static long word(void)
{
    switch (next() % 8) {
    case 0: return 0;
    case 1: return -1;
    case 2: return (long)(next() % 8);
    case 3: return (long)(next() % 5000);
    case 4: return (long)0x7fffffff;
    case 5: return (long)(int32_t)0x80000000u;
    case 6: return LINUX_AT_FDCWD;
    default: return (long)next();
    }
}

/* A descriptor argument that never names stdin, stdout or stderr for calls that would close or replace them. */
static long fd_safe(void)
{
    long fd = word();
    return fd >= 0 && fd <= 2 ? fd + 3 : fd;
}

/* A sleep request: at most 2 microseconds, an invalid one (nsec out of range, negative), or a wild
 * pointer (never readable memory with random contents: that would be a sleep of years). */
static long sleep_arg(void)
{
    static int64_t ts[2];
    static const uint32_t wild[4] = {0, 16, 0x80000000u, 0xfffff000u};
    switch (next() % 4) {
    case 0: return (long)wild[next() % 4];
    case 1: ts[0] = next() % 2 ? -1 : 0; ts[1] = next() % 2 ? 1000000000 : -5; return (long)ts;
    default: ts[0] = 0; ts[1] = next() % 2000; return (long)ts;
    }
}

static uint32_t checksum = 2166136261u;

static void record(int i, long r)
{
    int n = numbers[i];
    calls[i]++;
    if ((unsigned long)r > (unsigned long)-4096) errs[i]++;
    else oks[i]++;
    /* Address results of brk/mmap2 may be anything in user space; every other result is a value or an errno. */
    if (n != SYS_brk && n != SYS_mmap2 && r < -4095) printf("sysfuzz: LEAK %s -> %ld\n", names[i], r);
    checksum = (checksum ^ (uint32_t)r) * 16777619u;
}

int main(int argc, char **argv)
{
    rng = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) * 2654435761u + 1 : 1;
    unsigned total = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 2000;
    if (argc > 3 && strcmp(argv[3], "confined") == 0)
        for (int i = 0; i < 8; i++) paths[i] = confined[i];
    for (unsigned k = 0; k < total; k++) {
        int i = (int)(next() % N_NUMBERS);
        int n = numbers[i];
        long r;
        for (unsigned j = 0; j < 64; j++) buf[(next() % 64)] = (char)next();
        switch (n) {
        case SYS_dup: r = SYSCALL1(n, word()); break;
        case SYS_dup3: r = SYSCALL3(n, word(), fd_safe(), word() & 0x80001); break;
        case SYS_mkdirat: case SYS_unlinkat: r = SYSCALL3(n, word(), ptr(), word()); break;
        case SYS_openat: r = SYSCALL4(n, next() % 2 ? LINUX_AT_FDCWD : word(), ptr(), word(), 0644); break;
        case SYS_close: r = SYSCALL1(n, fd_safe()); break;
        case SYS_pipe2: {
            long p = next() % 4 ? (long)buf : ptr();
            r = SYSCALL2(n, p, word() & 0x80800);
            if (r == 0) { /* p was writable: close the write end at once, so reads see EOF, never block */
                int fds[2];
                memcpy(fds, (const void *)p, sizeof fds);
                SYSCALL1(SYS_close, fds[1]);
            }
            break;
        }
        case SYS_getdents64: r = SYSCALL3(n, word(), ptr(), word()); break;
        case SYS_llseek: r = SYSCALL5(n, word(), word(), word(), ptr(), word()); break;
        case SYS_read: r = SYSCALL3(n, word(), ptr(), next() % 2 ? (long)(next() % 9000) : word()); break;
        case SYS_write: r = SYSCALL3(n, fd_safe(), ptr(), next() % 2 ? (long)(next() % 9000) : word()); break;
        case SYS_exit: case SYS_exit_group: case SYS_clone: {
            /* fork (SIGCHLD), then the child ends through the call under test with a random status. */
            r = SYSCALL5(SYS_clone, 17, 0, 0, 0, 0);
            if (r == 0) SYSCALL1(n == SYS_clone ? SYS_exit : n, word());
            break;
        }
        case SYS_waitid: r = SYSCALL5(n, next() % 4, word(), next() % 2 ? ptr() : 0, (next() % 2 ? 1 : 0) | 4 | (next() % 8 == 0 ? word() : 0), 0); break;
        case SYS_sched_yield: case SYS_getpid: case SYS_getppid: r = SYSCALL0(n); break;
        case SYS_kill: {
            /* Signal 0 to itself (a probe), any signal to pids that do not exist. */
            int self = next() % 2;
            r = SYSCALL2(n, self ? SYSCALL0(SYS_getpid) : 100000 + (long)(next() % 1000), self ? 0 : word() % 64);
            break;
        }
        case SYS_brk: r = SYSCALL1(n, next() % 2 ? word() : (long)SYSCALL1(SYS_brk, 0) + (long)(next() % 65536)); break;
        case SYS_munmap: {
            /* Regions this fuzzer mapped or the empty mmap area, with small lengths (a huge one would
             * unmap the stack: Linux allows that too, and the fuzzer would only kill itself); wild
             * addresses with any length. */
            uint32_t a = mapped[next() % 8];
            if (next() % 4 == 0) r = SYSCALL2(n, ptr() | 0x80000000, word());
            else r = SYSCALL2(n, a ? a : 0x7f000000u - (next() % 256) * 4096u, (long)(next() % 16) * 4096 + (next() % 2 ? 0 : (long)(next() % 4096)));
            break;
        }
        case SYS_execve: {
            long path = ptr(); /* never the fuzzer itself: a successful exec would restart it */
            if (path == (long)paths[1]) path = (long)paths[4];
            r = SYSCALL3(n, path, next() % 2 ? 0 : ptr(), next() % 2 ? 0 : ptr());
            break;
        }
        case SYS_mmap2: {
            long flags = (word() & ~0x10) | (next() % 2 ? 0x22 : 0); /* never MAP_FIXED: it could map over the program */
            r = SYSCALL6(n, 0, next() % 2 ? (long)(next() % 100000) : word(), word() & 7, flags, word(), word());
            if ((unsigned long)r < (unsigned long)-4096) mapped[next() % 8] = (uint32_t)r;
            break;
        }
        case SYS_statx: r = SYSCALL5(n, word(), ptr(), word(), word(), ptr()); break;
        case SYS_clock_gettime64: r = SYSCALL2(n, word() % 16, ptr()); break;
        case SYS_clock_nanosleep_time64: {
            /* Never a CPU-time clock (2, 3): a sleeping process uses no CPU time, so that sleep never ends. */
            static const long clocks[5] = {0, 1, -1, 100, 0x7fffffff};
            r = SYSCALL4(n, clocks[next() % 5], next() % 2 ? 0 : word(), sleep_arg(), ptr());
            break;
        }
        case 80: r = SYSCALL2(n, word(), ptr()); break;
        default: r = SYSCALL6(500 + (long)(next() % 100), word(), word(), word(), word(), word(), word()); break;
        }
        record(i, r);
    }
    /* Reap every child the fuzzer forked (P_ALL, WEXITED), so none outlives it as a zombie. */
    while (SYSCALL5(SYS_waitid, 0, 0, 0, 4, 0) == 0) {}
    for (int i = 0; i < N_NUMBERS; i++)
        printf("%-22s calls %4u ok %4u err %4u\n", names[i], calls[i], oks[i], errs[i]);
    printf("sysfuzz: checksum %08lx\nsysfuzz: done %u calls\n", (unsigned long)checksum, total);
    return 0;
}
