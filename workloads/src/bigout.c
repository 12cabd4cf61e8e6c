/*
 * Large stdout: about 110 KB through printf lines, puts, putchar, fputs, fwrite of a 16 KB block
 * (larger than the runtime's stdout buffer) and raw write(1) after fflush, interleaved so that any
 * reordering or lost byte shows. `bigout N` scales the printf part (default 1300 lines). The last
 * line is the FNV-1a hash of everything printed before it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tessera.h"

static uint32_t fnv = 2166136261u;
static unsigned long bytes;

static void mix(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fnv = (fnv ^ (unsigned char)s[i]) * 16777619u;
    bytes += n;
}

int main(int argc, char **argv)
{
    int lines = argc > 1 ? atoi(argv[1]) : 1300;
    char line[128];
    for (int i = 0; i < lines; i++) {
        int n = snprintf(line, sizeof line, "%6d %08x %-12s|%*s|\n", i, (unsigned)i * 2654435761u, i % 3 ? "fizz" : "buzz", i % 23, "x");
        fputs(line, stdout);
        mix(line, (size_t)n);
        if (i % 500 == 250) {
            /* 16 KB in one fwrite, no newline inside until its end */
            static char block[16384];
            for (size_t k = 0; k < sizeof block - 1; k++)
                block[k] = (char)('A' + (k + (size_t)i) % 26);
            block[sizeof block - 1] = '\n';
            fwrite(block, 1, sizeof block, stdout);
            mix(block, sizeof block);
        }
        if (i % 700 == 0) {
            fflush(stdout);
            int m = snprintf(line, sizeof line, "raw write at line %d\n", i);
            write_all(1, line, (size_t)m);
            mix(line, (size_t)m);
        }
    }
    for (int i = 0; i < 300; i++) {
        snprintf(line, sizeof line, "puts %d", i);
        puts(line);
        mix(line, strlen(line));
        mix("\n", 1);
        for (int k = 0; k < 40; k++) {
            char c = (char)('a' + (i * k) % 26);
            putchar(c);
            mix(&c, 1);
        }
        putchar('\n');
        mix("\n", 1);
    }
    printf("bytes %lu fnv %08lx\n", bytes, (unsigned long)fnv);
    return 0;
}
