/*
 * probe: isolation checks from inside a guest.
 *   probe secret N     fill a static page with a pattern, print its address, sleep N ms of emulated
 *                      time (other guests run), then check the page: "intact" or "CHANGED"
 *   probe peek         read and overwrite the same virtual page in this process (same ELF: same
 *                      address): it must hold this process's own zeroes, never another's pattern
 *   probe read ADDR    load a word from ADDR (hex): printed if mapped, else SIGSEGV kills the probe
 *   probe write ADDR   store a word to ADDR (hex): printed if mapped, else SIGSEGV kills the probe
 *   probe exhaust      malloc 64 KiB chunks (touched) until malloc returns NULL, then anonymous mmap2
 *                      of 64 KiB until it fails; prints the counts and errno names, frees, checks
 *                      that malloc works again, exits 0
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "tessera.h"

static uint32_t page[1024] __attribute__((aligned(4096)));

static int secret(long ms)
{
    for (int i = 0; i < 1024; i++) page[i] = 0x5ec0000u + (uint32_t)i;
    printf("probe: secret at %p\n", (void *)page);
    fflush(stdout);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    for (int i = 0; i < 1024; i++) {
        if (page[i] != 0x5ec0000u + (uint32_t)i) {
            printf("probe: secret CHANGED at word %d: %08lx\n", i, (unsigned long)page[i]);
            return 1;
        }
    }
    printf("probe: secret intact\n");
    return 0;
}

static int peek(void)
{
    int others = 0;
    for (int i = 0; i < 1024; i++) others += page[i] != 0;
    printf("probe: peek at %p sees %d non-zero words\n", (void *)page, others);
    for (int i = 0; i < 1024; i++) page[i] = 0xbadu;
    return others ? 1 : 0;
}

static int exhaust(void)
{
    enum { CHUNK = 64 * 1024, MAX = 4096 };
    static void *chunks[MAX];
    int n = 0;
    while (n < MAX) {
        char *p = malloc(CHUNK);
        if (!p) break;
        for (int off = 0; off < CHUNK; off += 4096) p[off] = (char)n;
        chunks[n++] = p;
    }
    printf("probe: malloc returned NULL after %d chunks of 64 KiB (errno %s)\n", n, errname(errno));
    int m = 0;
    void *maps[MAX];
    while (m < MAX) {
        void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        maps[m++] = p;
    }
    printf("probe: mmap failed after %d maps (errno %s)\n", m, errname(errno));
    for (int i = 0; i < m; i++) munmap(maps[i], CHUNK);
    for (int i = 0; i < n; i++) free(chunks[i]);
    char *again = malloc(CHUNK);
    printf("probe: malloc after freeing: %s\n", again ? "ok" : "NULL");
    return n > 0 && n < MAX && again ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "secret") == 0) return secret(argc > 2 ? strtol(argv[2], NULL, 10) : 10);
    if (strcmp(mode, "peek") == 0) return peek();
    if (strcmp(mode, "exhaust") == 0) return exhaust();
    if ((strcmp(mode, "read") == 0 || strcmp(mode, "write") == 0) && argc > 2) {
        volatile uint32_t *addr = (volatile uint32_t *)(uintptr_t)strtoul(argv[2], NULL, 16);
        printf("probe: %s %p\n", mode, (void *)addr);
        fflush(stdout);
        if (mode[0] == 'r') printf("probe: read %08lx\n", (unsigned long)*addr);
        else { *addr = 0xdeadbeefu; printf("probe: wrote\n"); }
        return 0;
    }
    fprintf(stderr, "usage: probe secret MS | peek | read HEX | write HEX | exhaust\n");
    return 2;
}
