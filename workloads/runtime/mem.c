/*
 * Memory calls: sbrk on brk(214) for picolibc's malloc, mmap on mmap2(222), munmap(215).
 * brk(0) returns the current break; a failed brk returns the old break, never an errno.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "syscall.h"
#include <sys/mman.h>

static uintptr_t cur_brk;

void *sbrk(ptrdiff_t incr)
{
    if (cur_brk == 0)
        cur_brk = (uintptr_t)SYSCALL1(SYS_brk, 0);
    uintptr_t old = cur_brk;
    if (incr == 0)
        return (void *)old;
    uintptr_t want = old + (uintptr_t)incr;
    if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    uintptr_t got = (uintptr_t)SYSCALL1(SYS_brk, want);
    if (got != want) {
        errno = ENOMEM;
        return (void *)-1;
    }
    cur_brk = got;
    return (void *)old;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (off & 4095) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    long r = sys_result(SYSCALL6(SYS_mmap2, addr, len, prot, flags, fd, (unsigned long)off >> 12));
    return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len)
{
    return (int)sys_result(SYSCALL2(SYS_munmap, addr, len));
}
