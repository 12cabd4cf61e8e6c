/*
 * The working directory, fcntl, fsync/fdatasync, ftruncate and umask on their Linux RV32 system
 * calls. fcntl's status flags use newlib's O_* numbering in picolibc and Linux's in the kernel, so
 * F_GETFL/F_SETFL translate them both ways; F_DUPFD_CLOEXEC is 14 in picolibc and 1030 in Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include "syscall.h"

#define L_O_APPEND 02000
#define L_O_NONBLOCK 04000
#define L_F_DUPFD_CLOEXEC 1030

char *getcwd(char *buf, size_t size)
{
    /* No malloc'ing getcwd(NULL, 0) (a glibc extension): Linux's answer to a NULL buffer is EFAULT/ERANGE. */
    return sys_result(SYSCALL2(SYS_getcwd, buf, size)) < 0 ? NULL : buf;
}

int chdir(const char *path)
{
    return (int)sys_result(SYSCALL1(SYS_chdir, path));
}

int fchdir(int fd)
{
    return (int)sys_result(SYSCALL1(SYS_fchdir, fd));
}

static int linux_status_flags(int f)
{
    int l = f & O_ACCMODE;
    if (f & O_APPEND) l |= L_O_APPEND;
    if (f & O_NONBLOCK) l |= L_O_NONBLOCK;
    return l;
}

static int picolibc_status_flags(int l)
{
    int f = l & O_ACCMODE;
    if (l & L_O_APPEND) f |= O_APPEND;
    if (l & L_O_NONBLOCK) f |= O_NONBLOCK;
    return f;
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    int arg = va_arg(ap, int);
    va_end(ap);
    switch (cmd) {
    case F_GETFL: {
        long r = sys_result(SYSCALL3(SYS_fcntl, fd, F_GETFL, 0));
        return r < 0 ? -1 : picolibc_status_flags((int)r);
    }
    case F_SETFL:
        return (int)sys_result(SYSCALL3(SYS_fcntl, fd, F_SETFL, linux_status_flags(arg)));
    case F_DUPFD_CLOEXEC:
        return (int)sys_result(SYSCALL3(SYS_fcntl, fd, L_F_DUPFD_CLOEXEC, arg));
    case F_DUPFD:
    case F_GETFD:
    case F_SETFD:
        return (int)sys_result(SYSCALL3(SYS_fcntl, fd, cmd, arg));
    default:
        /* Record locks and owners: not provided by the kernel. */
        errno = EINVAL;
        return -1;
    }
}

int fsync(int fd)
{
    return (int)sys_result(SYSCALL1(SYS_fsync, fd));
}

int fdatasync(int fd)
{
    return (int)sys_result(SYSCALL1(SYS_fdatasync, fd));
}

/* ftruncate64: the 64-bit length in a register pair, low word first (rv32 does not align pairs). */
int ftruncate(int fd, off_t length)
{
    int64_t len = (int64_t)length;
    return (int)sys_result(SYSCALL3(SYS_ftruncate64, fd, (uint32_t)len, (uint32_t)((uint64_t)len >> 32)));
}

mode_t umask(mode_t mask)
{
    return (mode_t)SYSCALL1(SYS_umask, mask & 0777);
}
