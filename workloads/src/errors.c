/*
 * errors: an errno oracle for the kernel's system-call layer. For every system call of DESIGN.md's
 * list it provokes the errors a C program can provoke (bad and wrong-mode descriptors, unmapped
 * buffers, missing and existing paths, paths through files, directories where files are expected,
 * invalid arguments, full descriptor tables, a pipe without reader...) and prints one line each:
 *
 *     call(args) -> result        e.g.  read(-1, buf, 4) -> -1 EBADF
 *
 * The calls are raw ecalls (runtime/syscall.h), not libc wrappers, so the line shows exactly what
 * the kernel answered; errno names are Linux's numbering. Only what any Linux-compatible kernel
 * must answer identically is printed: successful descriptors and pids print as "ok", never as
 * numbers; the descriptor-table size (Linux's soft limit 1024, Tessera's 64) is not printed, only
 * that filling it ends in EMFILE. Everything happens in ./errtmp, removed at the end; only the
 * parent prints, after collecting its children.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "syscall.h"
#include "tessera.h"

/* Linux ABI values (picolibc's headers use newlib's). */
#define O_RDONLY_ 0
#define O_WRONLY_ 01
#define O_RDWR_ 02
#define O_CREAT_ 0100
#define O_EXCL_ 0200
#define O_TRUNC_ 01000
#define O_DIRECTORY_ 0200000
#define AT_REMOVEDIR_ 0x200
#define AT_EMPTY_PATH_ 0x1000
#define STATX_BASIC_ 0x7ff
#define SIGCHLD_ 17
#define CLONE_THREAD_ 0x10000
#define P_ALL_ 0
#define P_PID_ 1
#define WNOHANG_ 1
#define WEXITED_ 4
#define CLD_EXITED_ 1
#define CLD_KILLED_ 2
#define CLD_DUMPED_ 3
#define CLOCK_MONOTONIC_ 1
#define CLOCK_THREAD_CPUTIME_ 3
#define MAP_PRIVATE_ 0x02
#define MAP_FIXED_ 0x10
#define MAP_ANONYMOUS_ 0x20
#define BAD ((void *)16)                  /* page 0: never mapped */
#define HIGH ((void *)(uintptr_t)0xfffff000u) /* the last page: above user space on rv32 Linux */

#define DIR_ "errtmp"
#define FILE_ DIR_ "/file"
#define SUBDIR DIR_ "/dir"
#define FULL DIR_ "/full"
#define INNER FULL "/inner"
#define SCRIPT DIR_ "/script"

struct ts64 { int64_t sec, nsec; };
struct siginfo_ { int signo, err, code, pid; unsigned uid; int status; int pad[26]; };

static const char *const linux_errnos[] = {
    "OK", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
    "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
    "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
    "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
    "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
};

static int is_err(long r) { return (unsigned long)r > (unsigned long)-4096; }

static const char *ename(long r)
{
    static char other[16];
    long e = -r;
    if (e == 95)
        return "EOPNOTSUPP";
    if (e >= 0 && e < (long)(sizeof linux_errnos / sizeof linux_errnos[0]))
        return linux_errnos[e];
    snprintf(other, sizeof other, "E%ld", e);
    return other;
}

/* Prints the exact result: a count, 0, or -1 and the error name. */
static void show(const char *call, long r)
{
    if (is_err(r)) printf("%s -> -1 %s\n", call, ename(r));
    else printf("%s -> %ld\n", call, r);
}

/* For results whose value is not the same on every kernel (descriptors, pids, addresses). */
static void show_ok(const char *call, long r)
{
    if (is_err(r)) printf("%s -> -1 %s\n", call, ename(r));
    else printf("%s -> ok\n", call);
}

static long sys_open(const char *path, int flags, int mode) { return SYSCALL4(SYS_openat, LINUX_AT_FDCWD, path, flags, mode); }
static long sys_close(long fd) { return SYSCALL1(SYS_close, fd); }
static long sys_lseek(long fd, int64_t off, int whence, int64_t *res)
{
    return SYSCALL5(SYS_llseek, fd, (uint32_t)((uint64_t)off >> 32), (uint32_t)off, res, whence);
}
static long sys_statx(int dirfd, const char *path, int flags, void *buf) { return SYSCALL5(SYS_statx, dirfd, path, flags, STATX_BASIC_, buf); }
static long sys_waitid(int type, long id, void *info, int options) { return SYSCALL5(SYS_waitid, type, id, info, options, 0); }
static long sys_fork(void)
{
    fflush(stdout); /* a child must not inherit pending output */
    return SYSCALL5(SYS_clone, SIGCHLD_, 0, 0, 0, 0);
}
static void sys_exit_group(int code)
{
    SYSCALL1(SYS_exit_group, code);
    for (;;) { }
}

/* Reaps one child and describes how it ended, in Linux terms. */
static void reap(const char *what, long pid)
{
    struct siginfo_ si;
    memset(&si, 0, sizeof si);
    long r = sys_waitid(P_PID_, pid, &si, WEXITED_);
    if (is_err(r)) printf("%s: waitid -> -1 %s\n", what, ename(r));
    else if (si.code == CLD_EXITED_) printf("%s -> exited with %d\n", what, si.status);
    else if (si.code == CLD_KILLED_ || si.code == CLD_DUMPED_) printf("%s -> killed by signal %d\n", what, si.status);
    else printf("%s -> si_code %d status %d\n", what, si.code, si.status);
}

static void setup(void)
{
    static const char script[] = "this is not an ELF file\n";
    long r = SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, DIR_, 0755);
    r |= SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, SUBDIR, 0755);
    r |= SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, FULL, 0755);
    long fd = sys_open(INNER, O_WRONLY_ | O_CREAT_ | O_TRUNC_, 0644);
    r |= fd | sys_close(fd);
    fd = sys_open(FILE_, O_WRONLY_ | O_CREAT_ | O_TRUNC_, 0644);
    r |= fd | SYSCALL3(SYS_write, fd, "hello", 5) | sys_close(fd);
    fd = sys_open(SCRIPT, O_WRONLY_ | O_CREAT_ | O_TRUNC_, 0755);
    r |= fd | SYSCALL3(SYS_write, fd, script, sizeof script - 1) | sys_close(fd);
    printf("setup: %s\n", is_err(r) ? "FAILED" : "ok");
}

static void fd_calls(void)
{
    char buf[64];
    int64_t pos = 0;
    long rd = sys_open(FILE_, O_RDONLY_, 0);
    long wr = sys_open(FILE_, O_WRONLY_, 0);
    long dir = sys_open(SUBDIR, O_RDONLY_ | O_DIRECTORY_, 0);
    int p[2];
    long pr = SYSCALL2(SYS_pipe2, p, 0);
    long closed = sys_open(FILE_, O_RDONLY_, 0); /* the lowest free number until the next open */
    sys_close(closed);
    show_ok("open fixtures (file rdonly, file wronly, dir, pipe)", is_err(rd) ? rd : is_err(wr) ? wr : is_err(dir) ? dir : pr);

    printf("-- read\n");
    show("read(-1, buf, 4)", SYSCALL3(SYS_read, -1, buf, 4));
    show("read(1000, buf, 4)", SYSCALL3(SYS_read, 1000, buf, 4));
    show("read(closed fd, buf, 4)", SYSCALL3(SYS_read, closed, buf, 4));
    show("read(O_WRONLY file, buf, 4)", SYSCALL3(SYS_read, wr, buf, 4));
    show("read(pipe write end, buf, 4)", SYSCALL3(SYS_read, p[1], buf, 4));
    show("read(dir fd, buf, 4)", SYSCALL3(SYS_read, dir, buf, 4));
    show("read(file, (void*)16, 4)", SYSCALL3(SYS_read, rd, BAD, 4));
    show("read(file, 0xfffff000, 4)", SYSCALL3(SYS_read, rd, HIGH, 4));
    show("read(file, buf, 0)", SYSCALL3(SYS_read, rd, buf, 0));
    show("read(file, buf, 64)", SYSCALL3(SYS_read, rd, buf, 64));
    show("read(file at EOF, buf, 64)", SYSCALL3(SYS_read, rd, buf, 64));

    printf("-- write\n");
    show("write(-1, \"x\", 1)", SYSCALL3(SYS_write, -1, "x", 1));
    show("write(1000, \"x\", 1)", SYSCALL3(SYS_write, 1000, "x", 1));
    show("write(closed fd, \"x\", 1)", SYSCALL3(SYS_write, closed, "x", 1));
    show("write(O_RDONLY file, \"x\", 1)", SYSCALL3(SYS_write, rd, "x", 1));
    show("write(pipe read end, \"x\", 1)", SYSCALL3(SYS_write, p[0], "x", 1));
    show("write(dir fd, \"x\", 1)", SYSCALL3(SYS_write, dir, "x", 1));
    show("write(pipe, (void*)16, 4)", SYSCALL3(SYS_write, p[1], BAD, 4));
    show("write(pipe, 0xfffff000, 4)", SYSCALL3(SYS_write, p[1], HIGH, 4));
    show("write(pipe, \"abc\", 3)", SYSCALL3(SYS_write, p[1], "abc", 3));

    printf("-- llseek\n");
    show("llseek(-1, 0, SEEK_SET)", sys_lseek(-1, 0, 0, &pos));
    show("llseek(1000, 0, SEEK_SET)", sys_lseek(1000, 0, 0, &pos));
    show("llseek(file, 0, whence 7)", sys_lseek(rd, 0, 7, &pos));
    show("llseek(file, -1, SEEK_SET)", sys_lseek(rd, -1, 0, &pos));
    show("llseek(file, -100, SEEK_END)", sys_lseek(rd, -100, 2, &pos));
    sys_lseek(rd, 0, 0, &pos);
    show("llseek(file at 0, -1, SEEK_CUR)", sys_lseek(rd, -1, 1, &pos));
    pos = -7;
    long r = sys_lseek(rd, 2, 2, &pos);
    printf("llseek(file, 2, SEEK_END) -> %ld, offset %ld\n", r, (long)pos);
    show("llseek(file, 0, SEEK_SET, result (void*)16)", sys_lseek(rd, 0, 0, BAD));
    r = sys_lseek(rd, 0, 1, &pos); /* Linux moves the offset before it fails to store the result */
    printf("llseek(file, 0, SEEK_CUR) after that -> %ld, offset %ld\n", r, (long)pos);
    show("llseek(pipe, 0, SEEK_SET)", sys_lseek(p[0], 0, 0, &pos));
    show("llseek(pipe, 0, SEEK_CUR)", sys_lseek(p[1], 0, 1, &pos));

    printf("-- getdents64\n");
    char dbuf[512] __attribute__((aligned(8)));
    show("getdents64(-1, buf, 512)", SYSCALL3(SYS_getdents64, -1, dbuf, sizeof dbuf));
    show("getdents64(1000, buf, 512)", SYSCALL3(SYS_getdents64, 1000, dbuf, sizeof dbuf));
    show("getdents64(file fd, buf, 512)", SYSCALL3(SYS_getdents64, rd, dbuf, sizeof dbuf));
    show("getdents64(pipe, buf, 512)", SYSCALL3(SYS_getdents64, p[0], dbuf, sizeof dbuf));
    show("getdents64(dir, buf, 1)", SYSCALL3(SYS_getdents64, dir, dbuf, 1));
    show("getdents64(dir, (void*)16, 512)", SYSCALL3(SYS_getdents64, dir, BAD, 512));

    printf("-- dup, dup3\n");
    show("dup(-1)", SYSCALL1(SYS_dup, -1));
    show("dup(1000)", SYSCALL1(SYS_dup, 1000));
    show("dup(closed fd)", SYSCALL1(SYS_dup, closed));
    long d = SYSCALL1(SYS_dup, rd);
    show_ok("dup(file)", d);
    sys_close(d);
    show("dup3(file, file, 0)", SYSCALL3(SYS_dup3, rd, rd, 0));
    show("dup3(-1, 10, 0)", SYSCALL3(SYS_dup3, -1, 10, 0));
    show("dup3(1000, 10, 0)", SYSCALL3(SYS_dup3, 1000, 10, 0));
    show("dup3(closed fd, 10, 0)", SYSCALL3(SYS_dup3, closed, 10, 0));
    show("dup3(file, -1, 0)", SYSCALL3(SYS_dup3, rd, -1, 0));
    show("dup3(file, 10, 1)", SYSCALL3(SYS_dup3, rd, 10, 1));
    sys_lseek(rd, 1, 0, &pos);
    show("dup3(file at offset 1, 10, 0)", SYSCALL3(SYS_dup3, rd, 10, 0));
    show("read(10, buf, 64) (the shared offset is 1)", SYSCALL3(SYS_read, 10, buf, 64));
    show("read(file, buf, 64) (the shared offset is 5)", SYSCALL3(SYS_read, rd, buf, 64));
    show("close(10)", sys_close(10));

    printf("-- close\n");
    show("close(-1)", sys_close(-1));
    show("close(1000)", sys_close(1000));
    show("close(closed fd)", sys_close(closed));
    show("close(file)", sys_close(rd));
    show("close(file) again", sys_close(rd));
    sys_close(wr);
    sys_close(dir);
    show("close(pipe read end)", sys_close(p[0]));
    show("close(pipe write end)", sys_close(p[1]));
}

static void path_calls(void)
{
    static char longpath[5001], longname[301], under[sizeof DIR_ + 301];
    memset(longpath, 'a', 5000);
    memset(longname, 'b', 300);
    snprintf(under, sizeof under, DIR_ "/%s", longname);

    printf("-- openat\n");
    show("openat(\"missing\", O_RDONLY)", sys_open(DIR_ "/missing", O_RDONLY_, 0));
    show("openat(\"missing/x\", O_CREAT)", sys_open(DIR_ "/missing/x", O_WRONLY_ | O_CREAT_, 0644));
    show("openat(\"\", O_RDONLY)", sys_open("", O_RDONLY_, 0));
    show("openat(file, O_CREAT|O_EXCL)", sys_open(FILE_, O_WRONLY_ | O_CREAT_ | O_EXCL_, 0644));
    show("openat(dir, O_CREAT|O_EXCL)", sys_open(SUBDIR, O_WRONLY_ | O_CREAT_ | O_EXCL_, 0644));
    show("openat(\"file/x\", O_RDONLY)", sys_open(FILE_ "/x", O_RDONLY_, 0));
    show("openat(\"file/x\", O_CREAT)", sys_open(FILE_ "/x", O_WRONLY_ | O_CREAT_, 0644));
    show("openat(\"file/\", O_RDONLY)", sys_open(FILE_ "/", O_RDONLY_, 0));
    show("openat(file, O_DIRECTORY)", sys_open(FILE_, O_RDONLY_ | O_DIRECTORY_, 0));
    show("openat(dir, O_WRONLY)", sys_open(SUBDIR, O_WRONLY_, 0));
    show("openat(dir, O_RDWR)", sys_open(SUBDIR, O_RDWR_, 0));
    show("openat(dir, O_RDONLY|O_CREAT)", sys_open(SUBDIR, O_RDONLY_ | O_CREAT_, 0644));
    show("openat((void*)16, O_RDONLY)", sys_open(BAD, O_RDONLY_, 0));
    show("openat(5000-char path, O_RDONLY)", sys_open(longpath, O_RDONLY_, 0));
    show("openat(300-char name, O_CREAT)", sys_open(under, O_WRONLY_ | O_CREAT_, 0644));
    show("openat(dirfd 1000, \"x\")", SYSCALL4(SYS_openat, 1000, "x", O_RDONLY_, 0));
    long fd = sys_open(FILE_, O_RDONLY_, 0);
    show("openat(dirfd = file fd, \"x\")", SYSCALL4(SYS_openat, fd, "x", O_RDONLY_, 0));
    sys_close(fd);
    fd = sys_open(DIR_, O_RDONLY_ | O_DIRECTORY_, 0);
    long f2 = SYSCALL4(SYS_openat, fd, "file", O_RDONLY_, 0);
    show_ok("openat(dirfd = errtmp, \"file\")", f2);
    sys_close(f2);
    sys_close(fd);

    printf("-- mkdirat\n");
    show("mkdirat(dir)", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, SUBDIR, 0755));
    show("mkdirat(file)", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, FILE_, 0755));
    show("mkdirat(\"missing/x\")", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, DIR_ "/missing/x", 0755));
    show("mkdirat(\"file/x\")", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, FILE_ "/x", 0755));
    show("mkdirat((void*)16)", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, BAD, 0755));
    show("mkdirat(\"\")", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, "", 0755));
    show("mkdirat(300-char name)", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, under, 0755));
    show("mkdirat(5000-char path)", SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, longpath, 0755));

    printf("-- unlinkat\n");
    show("unlinkat(\"missing\", 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, DIR_ "/missing", 0));
    show("unlinkat(\"file/x\", 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FILE_ "/x", 0));
    show("unlinkat(dir, 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, SUBDIR, 0));
    show("unlinkat(file, AT_REMOVEDIR)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FILE_, AT_REMOVEDIR_));
    show("unlinkat(non-empty dir, AT_REMOVEDIR)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FULL, AT_REMOVEDIR_));
    show("unlinkat(\"missing\", AT_REMOVEDIR)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, DIR_ "/missing", AT_REMOVEDIR_));
    show("unlinkat(\".\", AT_REMOVEDIR)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, ".", AT_REMOVEDIR_));
    show("unlinkat(\"..\", AT_REMOVEDIR)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, "..", AT_REMOVEDIR_));
    show("unlinkat(file, flags 1)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FILE_, 1));
    show("unlinkat((void*)16, 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, BAD, 0));
    show("unlinkat(\"\", 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, "", 0));
    show("unlinkat(300-char name, 0)", SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, under, 0));

    printf("-- statx\n");
    static char sx[256] __attribute__((aligned(8)));
    show("statx(file)", sys_statx(LINUX_AT_FDCWD, FILE_, 0, sx));
    show("statx(\"missing\")", sys_statx(LINUX_AT_FDCWD, DIR_ "/missing", 0, sx));
    show("statx(\"file/x\")", sys_statx(LINUX_AT_FDCWD, FILE_ "/x", 0, sx));
    show("statx(\"\", 0)", sys_statx(LINUX_AT_FDCWD, "", 0, sx));
    show("statx(file, buf (void*)16)", sys_statx(LINUX_AT_FDCWD, FILE_, 0, BAD));
    show("statx(file, buf 0xfffff000)", sys_statx(LINUX_AT_FDCWD, FILE_, 0, HIGH));
    show("statx(path (void*)16)", sys_statx(LINUX_AT_FDCWD, BAD, 0, sx));
    show("statx(1000, \"\", AT_EMPTY_PATH)", sys_statx(1000, "", AT_EMPTY_PATH_, sx));
    show("statx(-1, \"\", AT_EMPTY_PATH)", sys_statx(-1, "", AT_EMPTY_PATH_, sx));
    show("statx(file, flags 1)", sys_statx(LINUX_AT_FDCWD, FILE_, 1, sx));
    show("statx(file, mask 0x80000000)", SYSCALL5(SYS_statx, LINUX_AT_FDCWD, FILE_, 0, 0x80000000u, sx));
    show("statx(300-char name)", sys_statx(LINUX_AT_FDCWD, under, 0, sx));
    show("statx(5000-char path)", sys_statx(LINUX_AT_FDCWD, longpath, 0, sx));
}

static void exec_calls(void)
{
    static char big[200 * 1024 + 1];
    memset(big, 'x', sizeof big - 1);
    char *av[] = { "x", NULL };
    char *env[] = { NULL };
    char *bigav[] = { "x", big, NULL };

    printf("-- execve\n");
    show("execve(\"missing\")", SYSCALL3(SYS_execve, DIR_ "/missing", av, env));
    show("execve(\"\")", SYSCALL3(SYS_execve, "", av, env));
    show("execve(\"file/x\")", SYSCALL3(SYS_execve, FILE_ "/x", av, env));
    show("execve(non-ELF file, mode 0755)", SYSCALL3(SYS_execve, SCRIPT, av, env));
    show("execve(directory)", SYSCALL3(SYS_execve, SUBDIR, av, env));
    show("execve(path (void*)16)", SYSCALL3(SYS_execve, BAD, av, env));
    show("execve(non-ELF file, argv (void*)16)", SYSCALL3(SYS_execve, SCRIPT, BAD, env));
    show("execve(non-ELF file, a 200 KiB argument)", SYSCALL3(SYS_execve, SCRIPT, bigav, env));
}

static void process_calls(void)
{
    struct siginfo_ si;

    printf("-- waitid\n");
    show("waitid(P_ALL, no children)", sys_waitid(P_ALL_, 0, &si, WEXITED_));
    show("waitid(P_ALL, WNOHANG, no children)", sys_waitid(P_ALL_, 0, &si, WEXITED_ | WNOHANG_));
    show("waitid(P_PID self)", sys_waitid(P_PID_, SYSCALL0(SYS_getpid), &si, WEXITED_));
    show("waitid(options 0)", sys_waitid(P_ALL_, 0, &si, 0));
    show("waitid(options WNOHANG only)", sys_waitid(P_ALL_, 0, &si, WNOHANG_));
    show("waitid(idtype 7)", sys_waitid(7, 0, &si, WEXITED_));

    long pid = sys_fork();
    if (pid == 0)
        sys_exit_group(3);
    show_ok("clone(SIGCHLD)", pid);
    show("waitid(P_PID child, infop (void*)16)", sys_waitid(P_PID_, pid, BAD, WEXITED_));
    show("waitid(P_PID same child again) (reaped by the failed call)", sys_waitid(P_PID_, pid, &si, WEXITED_));

    printf("-- kill\n");
    show("kill(reaped child, 0)", SYSCALL2(SYS_kill, pid, 0));
    show("kill(reaped child, SIGKILL)", SYSCALL2(SYS_kill, pid, 9));
    show("kill(1000000000, 0)", SYSCALL2(SYS_kill, 1000000000, 0));
    show("kill(self, 0)", SYSCALL2(SYS_kill, SYSCALL0(SYS_getpid), 0));
    show("kill(self, 99)", SYSCALL2(SYS_kill, SYSCALL0(SYS_getpid), 99));
    show("kill(self, -1)", SYSCALL2(SYS_kill, SYSCALL0(SYS_getpid), -1));

    printf("-- clone\n");
    long c = SYSCALL5(SYS_clone, CLONE_THREAD_ | SIGCHLD_, 0, 0, 0, 0);
    if (c == 0)
        sys_exit_group(0); /* a kernel that wrongly created a child: the child leaves quietly */
    if (is_err(c)) show("clone(CLONE_THREAD|SIGCHLD) (needs CLONE_SIGHAND)", c);
    else {
        printf("clone(CLONE_THREAD|SIGCHLD) (needs CLONE_SIGHAND) -> created a process\n");
        reap("  that process", c);
    }

    printf("-- pipe2, EPIPE\n");
    int p[2];
    show("pipe2(fds, flags 0100)", SYSCALL2(SYS_pipe2, p, 0100));
    show("pipe2((void*)16, 0)", SYSCALL2(SYS_pipe2, BAD, 0));
    show_ok("pipe2(fds, 0)", SYSCALL2(SYS_pipe2, p, 0));
    sys_close(p[0]);
    pid = sys_fork();
    if (pid == 0) {
        SYSCALL3(SYS_write, p[1], "x", 1); /* no reader: SIGPIPE */
        sys_exit_group(0);
    }
    sys_close(p[1]);
    reap("child: write(pipe without reader)", pid);
    SYSCALL2(SYS_pipe2, p, 0);
    sys_close(p[1]);
    char ch;
    show("read(pipe without writer)", SYSCALL3(SYS_read, p[0], &ch, 1));
    sys_close(p[0]);

    printf("-- exit code\n");
    pid = sys_fork();
    if (pid == 0)
        sys_exit_group(300); /* only the low 8 bits survive */
    reap("child: exit_group(300)", pid);
    pid = sys_fork();
    if (pid == 0) {
        SYSCALL1(SYS_exit, 7);
        for (;;) { }
    }
    reap("child: exit(7)", pid);

    printf("-- getpid, sched_yield\n");
    printf("getpid() -> %s\n", SYSCALL0(SYS_getpid) > 0 ? "positive" : "not positive");
    show("sched_yield()", SYSCALL0(SYS_sched_yield));
}

static void time_calls(void)
{
    struct ts64 t;
    printf("-- clock_gettime64\n");
    show("clock_gettime64(MONOTONIC, &t)", SYSCALL2(SYS_clock_gettime64, CLOCK_MONOTONIC_, &t));
    show("clock_gettime64(99, &t)", SYSCALL2(SYS_clock_gettime64, 99, &t));
    show("clock_gettime64(MONOTONIC, (void*)16)", SYSCALL2(SYS_clock_gettime64, CLOCK_MONOTONIC_, BAD));
    show("clock_gettime64(MONOTONIC, 0xfffff000)", SYSCALL2(SYS_clock_gettime64, CLOCK_MONOTONIC_, HIGH));

    printf("-- clock_nanosleep_time64\n");
    struct ts64 zero = { 0, 0 }, bign = { 0, 1000000000 }, negn = { 0, -1 }, negs = { -1, 0 };
    show("clock_nanosleep_time64(MONOTONIC, 0, {0, 0})", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC_, 0, &zero, NULL));
    show("clock_nanosleep_time64(99, 0, {0, 0})", SYSCALL4(SYS_clock_nanosleep_time64, 99, 0, &zero, NULL));
    show("clock_nanosleep_time64(THREAD_CPUTIME, 0, {0, 0})", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_THREAD_CPUTIME_, 0, &zero, NULL));
    show("clock_nanosleep_time64(MONOTONIC, 0, {0, 1000000000})", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC_, 0, &bign, NULL));
    show("clock_nanosleep_time64(MONOTONIC, 0, {0, -1})", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC_, 0, &negn, NULL));
    show("clock_nanosleep_time64(MONOTONIC, 0, {-1, 0})", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC_, 0, &negs, NULL));
    show("clock_nanosleep_time64(MONOTONIC, 0, (void*)16)", SYSCALL4(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC_, 0, BAD, NULL));
}

static void memory_calls(void)
{
    printf("-- brk\n");
    long cur = SYSCALL1(SYS_brk, 0);
    printf("brk(0) -> %s\n", cur > 0 ? "the current break" : "not positive");
    printf("brk(0xf0000000) -> %s\n", SYSCALL1(SYS_brk, 0xf0000000u) == cur ? "unchanged break" : "moved");
    printf("brk(16) -> %s\n", SYSCALL1(SYS_brk, 16) == cur ? "unchanged break" : "moved");

    printf("-- mmap2\n");
    show("mmap2(len 0, PRIVATE|ANONYMOUS)", SYSCALL6(SYS_mmap2, 0, 0, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, -1, 0));
    show("mmap2(4096, ANONYMOUS without PRIVATE/SHARED)", SYSCALL6(SYS_mmap2, 0, 4096, 3, MAP_ANONYMOUS_, -1, 0));
    show("mmap2(0x10001, 4096, FIXED|PRIVATE|ANONYMOUS)", SYSCALL6(SYS_mmap2, 0x10001, 4096, 3, MAP_FIXED_ | MAP_PRIVATE_ | MAP_ANONYMOUS_, -1, 0));
    show("mmap2(4096, PRIVATE, fd 1000)", SYSCALL6(SYS_mmap2, 0, 4096, 3, MAP_PRIVATE_, 1000, 0));
    show("mmap2(4096, PRIVATE, fd -1)", SYSCALL6(SYS_mmap2, 0, 4096, 3, MAP_PRIVATE_, -1, 0));
    long m = SYSCALL6(SYS_mmap2, 0, 8192, 3, MAP_PRIVATE_ | MAP_ANONYMOUS_, -1, 0);
    show_ok("mmap2(8192, PRIVATE|ANONYMOUS)", m);

    printf("-- munmap\n");
    show("munmap(page + 1, 4096)", SYSCALL2(SYS_munmap, m + 1, 4096));
    show("munmap(page, 0)", SYSCALL2(SYS_munmap, m, 0));
    show("munmap(page, 8192)", SYSCALL2(SYS_munmap, m, 8192));
    show("munmap(page, 8192) again (nothing mapped there)", SYSCALL2(SYS_munmap, m, 8192));
    show("munmap(0xfffff000, 8192)", SYSCALL2(SYS_munmap, 0xfffff000u, 8192));
}

static void fd_table(void)
{
    printf("-- descriptor table\n");
    enum { CAP = 4096 };
    static short fds[CAP];
    int n = 0;
    long r = 0;
    while (n < CAP) {
        r = SYSCALL1(SYS_dup, 0);
        if (is_err(r)) break;
        fds[n++] = (short)r;
    }
    if (n == CAP) printf("dup(0) until it fails -> still ok after %d descriptors\n", CAP);
    else printf("dup(0) until it fails -> -1 %s\n", ename(r));
    int p[2];
    show("openat(file) with a full table", sys_open(FILE_, O_RDONLY_, 0));
    show("pipe2 with a full table", SYSCALL2(SYS_pipe2, p, 0));
    if (n > 0) {
        sys_close(fds[--n]);
        show("pipe2 with one free slot", SYSCALL2(SYS_pipe2, p, 0));
        long fd = sys_open(FILE_, O_RDONLY_, 0);
        show_ok("openat(file) with one free slot", fd);
        if (!is_err(fd)) sys_close(fd);
    }
    long bad = 0;
    while (n > 0)
        bad |= sys_close(fds[--n]);
    show("close every dup", bad);
}

static void unknown_calls(void)
{
    printf("-- unknown system call\n");
    show("syscall(500)", SYSCALL0(500));
}

static void cleanup(void)
{
    long r = SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, INNER, 0);
    r |= SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FULL, AT_REMOVEDIR_);
    r |= SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, SUBDIR, AT_REMOVEDIR_);
    r |= SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, FILE_, 0);
    r |= SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, SCRIPT, 0);
    r |= SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, DIR_, AT_REMOVEDIR_);
    printf("cleanup: %s\n", is_err(r) ? "FAILED" : "ok");
}

int main(void)
{
    setup();
    fd_calls();
    path_calls();
    exec_calls();
    process_calls();
    time_calls();
    memory_calls();
    fd_table();
    unknown_calls();
    cleanup();
    return 0;
}
