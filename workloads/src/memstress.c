/*
 * Heap and stack stress: 2,500 seeded malloc/realloc/calloc/free operations over 512 slots, each
 * block filled with a pattern derived from its slot and checked before it is resized or freed;
 * large blocks (128 KiB .. 1 MiB) that picolibc's malloc takes from brk; a checksum of everything
 * read back. Then recursion 60,000 frames deep (about 2 MiB of stack, grown on demand, under the 8
 * MiB limit) and a variable-length array of 256 KiB.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static uint32_t rng = 2463534242u;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static unsigned char *blocks[SLOTS];
static size_t sizes[SLOTS];
static uint32_t checksum = 0;
static unsigned bad = 0;

static unsigned char pattern(size_t slot, size_t i) { return (unsigned char)(slot * 31 + i * 7 + (i >> 8)); }

static void fill(size_t s, size_t from)
{
    for (size_t i = from; i < sizes[s]; i++)
        blocks[s][i] = pattern(s, i);
}

static void check(size_t s)
{
    for (size_t i = 0; i < sizes[s]; i++) {
        if (blocks[s][i] != pattern(s, i))
            bad++;
        checksum = checksum * 33 + blocks[s][i];
    }
}

static unsigned long deep(unsigned n)
{
    volatile unsigned frame[6]; /* about 32 bytes of locals per frame, plus ra/s0 */
    frame[n % 6] = n;
    if (n == 0)
        return 0;
    return deep(n - 1) + frame[n % 6] % 7;
}

static long vla_sum(size_t n)
{
    unsigned char v[n];
    for (size_t i = 0; i < n; i++)
        v[i] = (unsigned char)(i * 13);
    long s = 0;
    for (size_t i = 0; i < n; i += 4096)
        s += v[i] + v[n - 1 - i];
    return s;
}

int main(void)
{
    unsigned ops[4] = { 0 }, nulls = 0;
    size_t peak = 0, live = 0;
    for (int op = 0; op < 2500; op++) {
        size_t s = next() % SLOTS;
        uint32_t r = next();
        size_t want = (r & 0xf) == 0 ? (r >> 4) % 4096 : (r >> 4) % 160;
        if (blocks[s] == NULL) {
            sizes[s] = want;
            if (r & 0x100000) {
                blocks[s] = calloc(want, 1);
                ops[0]++;
                for (size_t i = 0; blocks[s] && i < want; i++)
                    if (blocks[s][i] != 0)
                        bad++;
            } else {
                blocks[s] = malloc(want);
                ops[1]++;
            }
            if (!blocks[s]) {
                nulls += want != 0;
                continue;
            }
            fill(s, 0);
            live += want;
        } else if (r & 0x200000) {
            check(s);
            size_t old = sizes[s];
            unsigned char *p = realloc(blocks[s], want ? want : 1);
            ops[2]++;
            if (!p) {
                nulls++;
                continue;
            }
            blocks[s] = p;
            sizes[s] = want < old ? want : old;
            check(s); /* the common prefix survived the move */
            sizes[s] = want;
            fill(s, old < want ? old : want);
            live = live - old + want;
        } else {
            check(s);
            free(blocks[s]);
            ops[3]++;
            live -= sizes[s];
            blocks[s] = NULL;
            sizes[s] = 0;
        }
        if (live > peak)
            peak = live;
    }
    for (size_t s = 0; s < SLOTS; s++) {
        if (blocks[s]) {
            check(s);
            free(blocks[s]);
        }
    }
    printf("calloc %u malloc %u realloc %u free %u nulls %u\n", ops[0], ops[1], ops[2], ops[3], nulls);
    printf("peak live bytes %zu checksum %08lx mismatches %u\n", peak, (unsigned long)checksum, bad);

    for (size_t sz = 128 * 1024; sz <= 1024 * 1024; sz *= 2) {
        unsigned char *big = malloc(sz);
        if (!big) {
            printf("malloc(%zu) failed\n", sz);
            continue;
        }
        memset(big, 0xa5, sz);
        big[sz - 1] = 1;
        unsigned long sum = 0;
        for (size_t i = 0; i < sz; i += 4093)
            sum += big[i];
        char *grown = realloc(big, sz + 100000);
        printf("big %zu: sum %lu last %d realloc %s keeps %d\n", sz, sum, big == NULL ? -1 : 1, grown ? "ok" : "failed",
               grown ? (unsigned char)grown[sz - 1] : -1);
        free(grown ? grown : (char *)big);
    }
    void *zero = malloc(0);
    free(zero);
    free(NULL);
    printf("malloc(0)/free(NULL) ok\n");
    volatile size_t huge = (size_t)3 << 30;
    printf("huge malloc: %s\n", malloc(huge) == NULL ? "NULL" : "non-NULL");

    printf("recursion 60000 deep: %lu\n", deep(60000));
    printf("vla 256 KiB: %ld\n", vla_sum(256 << 10));
    return 0;
}
