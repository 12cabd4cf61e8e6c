/*
 * Memory calls: sbrk on brk(214) for picolibc's malloc, mmap on mmap2(222), munmap(215).
 * brk(0) returns the current break; a failed brk returns the old break, never an errno.
 * Memory between the logical and the kernel's break is already mapped, so it may be handed out.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "syscall.h"
#include <sys/mman.h>

/* The logical break (what sbrk reports) and the kernel's break, which grows in 64 KiB steps so
   that picolibc's many small sbrk calls cost few system calls (as glibc's malloc pads too). */
#define BRK_STEP 0x10000u
static uintptr_t cur_brk, sys_brk;

void *sbrk(ptrdiff_t incr)
{
    if (sys_brk == 0)
        cur_brk = sys_brk = (uintptr_t)SYSCALL1(SYS_brk, 0);
    uintptr_t old = cur_brk;
    uintptr_t want = old + (uintptr_t)incr;
    if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (want > sys_brk) {
        uintptr_t ask = (want + BRK_STEP - 1) & ~(uintptr_t)(BRK_STEP - 1);
        if (ask < want)
            ask = want;
        uintptr_t got = (uintptr_t)SYSCALL1(SYS_brk, ask);
        if (got < want) {
            errno = ENOMEM;
            return (void *)-1;
        }
        sys_brk = got;
    }
    cur_brk = want;
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
