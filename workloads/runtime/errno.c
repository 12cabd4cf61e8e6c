/*
 * errno translation. The kernel (Linux, qemu, Tessera) reports Linux errno numbers; picolibc
 * uses newlib's numbering, which agrees with Linux for 1..34 only. errno itself lives in TLS
 * (picolibc), so tls.c must have set tp before the first failing call.
 */
#include <errno.h>
#include "syscall.h"
#include "tessera.h"

int __tessera_errno_from_linux(int e)
{
    if (e >= 1 && e <= 34)
        return e;
    switch (e) {
    case 35: return EDEADLK;
    case 36: return ENAMETOOLONG;
    case 37: return ENOLCK;
    case 38: return ENOSYS;
    case 39: return ENOTEMPTY;
    case 40: return ELOOP;
    case 61: return ENODATA;
    case 75: return EOVERFLOW;
    case 84: return EILSEQ;
    case 95: return EOPNOTSUPP;
    case 110: return ETIMEDOUT;
    default: return e;
    }
}

int __tessera_set_errno(int linux_errno)
{
    errno = __tessera_errno_from_linux(linux_errno);
    return -1;
}

const char *errname(int e)
{
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    default: return "E?";
    }
}
