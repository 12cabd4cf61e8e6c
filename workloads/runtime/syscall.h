/*
 * Raw Linux RV32 system calls: ecall with a7 = number, a0..a5 = arguments, result in a0.
 * A result in [-4095, -1] is a negated Linux errno; callers go through sys_result() to turn
 * it into -1 with picolibc's errno set (after translating Linux numbers to picolibc's).
 * Only numbers listed in DESIGN.md ("Machine and guests") are used: rv32 is a time64-only ABI.
 */
#ifndef TESSERA_SYSCALL_H
#define TESSERA_SYSCALL_H

#define SYS_getcwd 17
#define SYS_dup 23
#define SYS_fcntl 25
#define SYS_dup3 24
#define SYS_mkdirat 34
#define SYS_unlinkat 35
#define SYS_ftruncate64 46
#define SYS_chdir 49
#define SYS_fchdir 50
#define SYS_openat 56
#define SYS_close 57
#define SYS_pipe2 59
#define SYS_getdents64 61
#define SYS_llseek 62
#define SYS_read 63
#define SYS_write 64
#define SYS_fsync 82
#define SYS_fdatasync 83
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_waitid 95
#define SYS_sched_yield 124
#define SYS_kill 129
#define SYS_umask 166
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_getuid 174
#define SYS_geteuid 175
#define SYS_getgid 176
#define SYS_getegid 177
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mmap2 222
#define SYS_renameat2 276
#define SYS_statx 291
#define SYS_clock_gettime64 403
#define SYS_clock_nanosleep_time64 407

#define LINUX_AT_FDCWD (-100)

static inline long __sc6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    return a0;
}

static inline long __sc0(long n)
{
    register long a0 __asm__("a0");
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
    return a0;
}

static inline long __sc1(long n, long a)
{
    register long a0 __asm__("a0") = a;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

static inline long __sc3(long n, long a, long b, long c)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

#define SYSCALL0(n) __sc0(n)
#define SYSCALL1(n, a) __sc1(n, (long)(a))
#define SYSCALL2(n, a, b) __sc3(n, (long)(a), (long)(b), 0)
#define SYSCALL3(n, a, b, c) __sc3(n, (long)(a), (long)(b), (long)(c))
#define SYSCALL4(n, a, b, c, d) __sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SYSCALL5(n, a, b, c, d, e) __sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define SYSCALL6(n, a, b, c, d, e, f) __sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* Linux errno (positive) -> picolibc errno. Defined in errno.c. */
int __tessera_errno_from_linux(int linux_errno);

/* Turn a raw result into the libc convention: -1 and errno on failure. */
static inline long sys_result(long r)
{
    if ((unsigned long)r > (unsigned long)-4096) {
        extern int __tessera_set_errno(int linux_errno);
        return __tessera_set_errno((int)-r);
    }
    return r;
}

#endif
