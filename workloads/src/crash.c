/*
 * crash: a process that faults, to check that the kernel kills only it with the right status
 * (128 + signal, as a shell reports it: SIGSEGV 11 -> 139, SIGILL 4 -> 132). It prints (and
 * flushes) one line first, so the output before the fault is checked too.
 * Usage: crash segv|ill
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "segv";
    printf("crash: about to raise %s\n", mode);
    fflush(stdout);
    if (strcmp(mode, "segv") == 0) {
        /* The zero page is never mapped; the address goes through a volatile so gcc keeps the store. */
        volatile uintptr_t addr = 16;
        *(volatile int *)addr = 1;
    } else if (strcmp(mode, "ill") == 0) {
        __asm__ volatile(".word 0"); /* all-zero word: defined illegal instruction */
    } else {
        fprintf(stderr, "crash: unknown mode '%s' (expected segv or ill)\n", mode);
        return 2;
    }
    printf("crash: still alive\n");
    return 1;
}
