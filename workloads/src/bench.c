/*
 * bench: a CPU-bound benchmark in the spirit of CoreMark (not CoreMark itself): each iteration
 * runs four kernels on a seeded working set and folds their results into a CRC-16:
 *   list    - build, find, reverse and merge-sort a linked list of 64 records;
 *   matrix  - 12x12 int16 matrix multiply, add-constant and bit-extract passes;
 *   state   - a numeric-token state machine scanning a 256-byte buffer;
 *   crc     - CRC-16/CCITT and CRC-32 over the working set.
 * It does no system calls in its loop; the output is a checksum only (no timing), so it is
 * deterministic. Cost is about 63 000 instructions per iteration (636 134 for 10 iterations,
 * counted with qemu single-step), so 1e8 instructions is about 1600 iterations.
 * Usage: bench [iterations] (default 10; use 1600+ for a benchmark run)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint16_t crc16_byte(uint8_t b, uint16_t crc)
{
    crc ^= (uint16_t)b << 8;
    for (int i = 0; i < 8; i++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}
static uint16_t crc16_u32(uint32_t v, uint16_t crc)
{
    for (int i = 0; i < 4; i++)
        crc = crc16_byte((uint8_t)(v >> (8 * i)), crc);
    return crc;
}

/* ---- list ---- */
struct item { struct item *next; int16_t key; int16_t val; };
enum { NITEMS = 64 };
static struct item pool[NITEMS];

static struct item *list_build(uint32_t seed)
{
    struct item *head = NULL;
    for (int i = 0; i < NITEMS; i++) {
        seed = seed * 1664525u + 1013904223u;
        pool[i].key = (int16_t)(seed >> 20);
        pool[i].val = (int16_t)(i * 3 - 50);
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}
static struct item *list_reverse(struct item *l)
{
    struct item *r = NULL;
    while (l) { struct item *n = l->next; l->next = r; r = l; l = n; }
    return r;
}
static struct item *list_find(struct item *l, int16_t key)
{
    while (l && l->key != key) l = l->next;
    return l;
}
static int cmp_item(const struct item *a, const struct item *b, int by_val)
{
    return by_val ? a->val - b->val : a->key - b->key;
}
static struct item *list_sort(struct item *l, int by_val)
{
    /* Bottom-up merge sort (as CoreMark's core_list_mergesort). */
    int insize = 1;
    for (;;) {
        struct item *p = l, *tail = NULL;
        l = NULL;
        int merges = 0;
        while (p) {
            merges++;
            struct item *q = p;
            int psize = 0;
            for (int i = 0; i < insize && q; i++) { psize++; q = q->next; }
            int qsize = insize;
            while (psize > 0 || (qsize > 0 && q)) {
                struct item *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp_item(p, q, by_val) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else l = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return l;
        insize *= 2;
    }
}
static uint16_t bench_list(uint32_t seed, uint16_t crc)
{
    struct item *l = list_build(seed);
    for (int k = 0; k < 8; k++) {
        struct item *f = list_find(l, (int16_t)(pool[(k * 7) % NITEMS].key));
        crc = crc16_u32(f ? (uint32_t)(f->val & 0xffff) : 0xffffu, crc);
    }
    l = list_reverse(l);
    l = list_sort(l, 0);
    crc = crc16_u32((uint32_t)(uint16_t)l->key, crc);
    l = list_sort(l, 1);
    for (struct item *i = l; i; i = i->next)
        crc = crc16_byte((uint8_t)i->key, crc);
    return crc;
}

/* ---- matrix ---- */
enum { N = 12 };
static int16_t ma[N][N], mb[N][N];
static int32_t mc[N][N];
static uint16_t bench_matrix(uint32_t seed, uint16_t crc)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            seed = seed * 69069u + 1u;
            ma[i][j] = (int16_t)((seed >> 16) & 0xff) - 128;
            mb[i][j] = (int16_t)((seed >> 8) & 0x7f);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int k = 0; k < N; k++)
                s += (int32_t)ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    int32_t acc = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (int16_t)(ma[i][j] + 7);
            acc += (mc[i][j] >> 3) & 0x3f;
            acc ^= (int32_t)ma[i][j] * (int32_t)ma[j][i];
        }
    return crc16_u32((uint32_t)acc, crc16_u32((uint32_t)mc[N - 1][N - 1], crc));
}

/* ---- state machine ---- */
enum state { START, INT, FLOAT, EXP, SCI, INVALID, NSTATES };
static uint16_t bench_state(uint32_t seed, uint16_t crc)
{
    static const char alphabet[] = "0123456789+-.eE,xy ";
    char buf[256];
    for (int i = 0; i < 255; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
    }
    buf[255] = 0;
    unsigned counts[NSTATES] = { 0 };
    enum state s = START;
    for (const char *p = buf;; p++) {
        char c = *p;
        if (c == ',' || c == ' ' || c == 0) {
            counts[s]++;
            s = START;
            if (!c) break;
            continue;
        }
        int digit = c >= '0' && c <= '9';
        switch (s) {
        case START: s = digit ? INT : (c == '+' || c == '-') ? INT : c == '.' ? FLOAT : INVALID; break;
        case INT: s = digit ? INT : c == '.' ? FLOAT : (c == 'e' || c == 'E') ? EXP : INVALID; break;
        case FLOAT: s = digit ? FLOAT : (c == 'e' || c == 'E') ? EXP : INVALID; break;
        case EXP: s = (digit || c == '+' || c == '-') ? SCI : INVALID; break;
        case SCI: s = digit ? SCI : INVALID; break;
        default: break;
        }
    }
    for (int i = 0; i < NSTATES; i++)
        crc = crc16_u32(counts[i], crc);
    return crc;
}

/* ---- crc ---- */
static uint32_t crc32_table[256];
static uint16_t bench_crc(uint32_t seed, uint16_t crc)
{
    uint32_t c = 0xffffffffu;
    for (int i = 0; i < 512; i++) {
        seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
        c = crc32_table[(c ^ seed) & 0xff] ^ (c >> 8);
    }
    return crc16_u32(~c, crc);
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? strtol(argv[1], NULL, 10) : 10;
    if (iters < 1 || iters > 100000000) {
        fprintf(stderr, "bench: iterations must be in 1..100000000\n");
        return 2;
    }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
        crc32_table[i] = c;
    }
    uint16_t cl = 0, cm = 0, cs = 0, cc = 0;
    for (long it = 0; it < iters; it++) {
        uint32_t seed = (uint32_t)it * 2654435761u + 0x66u;
        cl = bench_list(seed, cl);
        cm = bench_matrix(seed, cm);
        cs = bench_state(seed, cs);
        cc = bench_crc(seed, cc);
    }
    uint16_t all = crc16_u32(cl, crc16_u32(cm, crc16_u32(cs, crc16_u32(cc, 0))));
    printf("bench: iterations=%ld crclist=0x%04x crcmatrix=0x%04x crcstate=0x%04x crccrc=0x%04x checksum=0x%04x\n",
           iters, cl, cm, cs, cc, all);
    return 0;
}
