/*
 * File-descriptor calls on Linux RV32 system calls. Paths are resolved relative to the current
 * directory through the *at calls (AT_FDCWD). picolibc's O_* flags use newlib's numbering, so
 * open() translates them to Linux's; struct stat is filled from statx (rv32 has no fstat64).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "syscall.h"
#include "tessera.h"

#define L_O_CREAT 0100
#define L_O_EXCL 0200
#define L_O_NOCTTY 0400
#define L_O_TRUNC 01000
#define L_O_APPEND 02000
#define L_O_NONBLOCK 04000
#define L_O_DIRECTORY 0200000
#define L_O_NOFOLLOW 0400000
#define L_O_CLOEXEC 02000000

#define L_AT_REMOVEDIR 0x200
#define L_AT_EMPTY_PATH 0x1000
#define L_STATX_BASIC_STATS 0x7ffu

static int linux_open_flags(int f)
{
    int l = f & O_ACCMODE;
    if (f & O_CREAT) l |= L_O_CREAT;
    if (f & O_EXCL) l |= L_O_EXCL;
    if (f & O_NOCTTY) l |= L_O_NOCTTY;
    if (f & O_TRUNC) l |= L_O_TRUNC;
    if (f & O_APPEND) l |= L_O_APPEND;
    if (f & O_NONBLOCK) l |= L_O_NONBLOCK;
    if (f & O_DIRECTORY) l |= L_O_DIRECTORY;
    if (f & O_NOFOLLOW) l |= L_O_NOFOLLOW;
    if (f & O_CLOEXEC) l |= L_O_CLOEXEC;
    return l;
}

ssize_t read(int fd, void *buf, size_t n)
{
    return sys_result(SYSCALL3(SYS_read, fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
    return sys_result(SYSCALL3(SYS_write, fd, buf, n));
}

long write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;
    while (done < len) {
        long w = write(fd, p + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)w;
    }
    return (long)len;
}

int open(const char *path, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return (int)sys_result(SYSCALL4(SYS_openat, LINUX_AT_FDCWD, path, linux_open_flags(flags), mode));
}

int close(int fd)
{
    return (int)sys_result(SYSCALL1(SYS_close, fd));
}

off_t lseek(int fd, off_t off, int whence)
{
    int64_t result = 0;
    int64_t wide = off; /* sign-extended: the high word carries the sign */
    long r = sys_result(SYSCALL5(SYS_llseek, fd, (uint32_t)((uint64_t)wide >> 32), (uint32_t)wide, &result, whence));
    if (r < 0)
        return -1;
    if (result > INT32_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (off_t)result;
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* pread/pwrite through lseek (rv32 has pread64/pwrite64, but they are not among the agreed calls):
   the same result and errnos (ESPIPE on pipes, EINVAL for a negative offset) for a single-threaded
   process, and the descriptor's offset is restored. */
static ssize_t at_offset(int fd, void *buf, size_t n, off_t off, int writing)
{
    off_t saved = lseek(fd, 0, SEEK_CUR);
    if (saved < 0)
        return -1;
    if (lseek(fd, off, SEEK_SET) < 0)
        return -1;
    ssize_t r = writing ? write(fd, buf, n) : read(fd, buf, n);
    int e = errno;
    lseek(fd, saved, SEEK_SET);
    errno = e;
    return r;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return at_offset(fd, buf, n, off, 0);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return at_offset(fd, (void *)buf, n, off, 1);
}

int getdents64(int fd, void *buf, size_t len)
{
    return (int)sys_result(SYSCALL3(SYS_getdents64, fd, buf, len));
}

int mkdir(const char *path, mode_t mode)
{
    return (int)sys_result(SYSCALL3(SYS_mkdirat, LINUX_AT_FDCWD, path, mode));
}

int unlink(const char *path)
{
    return (int)sys_result(SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, path, 0));
}

/* rv32 has no renameat (38): rename is renameat2 with no flags, as in glibc. */
int rename(const char *from, const char *to)
{
    return (int)sys_result(SYSCALL5(SYS_renameat2, LINUX_AT_FDCWD, from, LINUX_AT_FDCWD, to, 0));
}

int rmdir(const char *path)
{
    return (int)sys_result(SYSCALL3(SYS_unlinkat, LINUX_AT_FDCWD, path, L_AT_REMOVEDIR));
}

/* struct statx as the kernel writes it (256 bytes); only the basic fields are named. */
struct l_statx_ts { int64_t sec; uint32_t nsec; int32_t reserved; };
struct l_statx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, spare0;
    uint64_t ino, size, blocks, attributes_mask;
    struct l_statx_ts atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t spare2[14];
};
_Static_assert(sizeof(struct l_statx) == 256, "struct statx is 256 bytes");

static int do_statx(int dirfd, const char *path, int flags, struct stat *st)
{
    struct l_statx x;
    memset(&x, 0, sizeof x);
    if (sys_result(SYSCALL5(SYS_statx, dirfd, path, flags, L_STATX_BASIC_STATS, &x)) < 0)
        return -1;
    memset(st, 0, sizeof *st);
    st->st_dev = (dev_t)((x.dev_major << 8) | x.dev_minor);
    st->st_ino = (ino_t)x.ino;
    st->st_mode = x.mode;
    st->st_nlink = (nlink_t)x.nlink;
    st->st_uid = (uid_t)x.uid;
    st->st_gid = (gid_t)x.gid;
    st->st_rdev = (dev_t)((x.rdev_major << 8) | x.rdev_minor);
    st->st_size = (off_t)x.size;
    st->st_blksize = (blksize_t)x.blksize;
    st->st_blocks = (blkcnt_t)x.blocks;
    st->st_atim.tv_sec = x.atime.sec;
    st->st_atim.tv_nsec = (long)x.atime.nsec;
    st->st_mtim.tv_sec = x.mtime.sec;
    st->st_mtim.tv_nsec = (long)x.mtime.nsec;
    st->st_ctim.tv_sec = x.ctime.sec;
    st->st_ctim.tv_nsec = (long)x.ctime.nsec;
    return 0;
}

int stat(const char *path, struct stat *st)
{
    return do_statx(LINUX_AT_FDCWD, path, 0, st);
}

int fstat(int fd, struct stat *st)
{
    return do_statx(fd, "", L_AT_EMPTY_PATH, st);
}

/* access() on statx: guests run as uid 0 (getuid answers 0 on Linux-as-root, qemu and Tessera), and
   for root Linux grants R_OK and W_OK always and X_OK when some execute bit is set or on a directory.
   (faccessat is not among the agreed system calls.) */
int access(const char *path, int mode)
{
    if (mode & ~(F_OK | R_OK | W_OK | X_OK)) {
        errno = EINVAL;
        return -1;
    }
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
        errno = EACCES;
        return -1;
    }
    return 0;
}

int isatty(int fd)
{
    /* No ioctl in the agreed ABI: report "not a terminal", which only affects buffering hints. */
    (void)fd;
    errno = ENOTTY;
    return 0;
}

int dup(int fd)
{
    return (int)sys_result(SYSCALL1(SYS_dup, fd));
}

int dup2(int oldfd, int newfd)
{
    if (oldfd == newfd) {
        /* dup3 refuses equal descriptors; dup2 returns newfd if it is open. */
        struct stat st;
        return fstat(oldfd, &st) < 0 ? -1 : newfd;
    }
    return (int)sys_result(SYSCALL3(SYS_dup3, oldfd, newfd, 0));
}

int pipe(int fds[2])
{
    return (int)sys_result(SYSCALL2(SYS_pipe2, fds, 0));
}
