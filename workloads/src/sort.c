/*
 * sort: sorting and checksums. Fills arrays from a xorshift32 PRNG with a fixed seed, sorts
 * them with insertion sort, heapsort, merge sort, quicksort and picolibc's qsort, checks that
 * every result is ordered and identical, and prints CRC-32 and Adler-32 checksums.
 * Usage: sort [n]   (default n = 2000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 2463534242u;
static uint32_t xorshift32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t crc32(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

static uint32_t adler32(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint32_t a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static void insertion(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void sift(int32_t *a, int root, int n)
{
    for (;;) {
        int child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        int32_t t = a[root]; a[root] = a[child]; a[child] = t;
        root = child;
    }
}

static void heapsort_(int32_t *a, int n)
{
    for (int i = n / 2 - 1; i >= 0; i--)
        sift(a, i, n);
    for (int end = n - 1; end > 0; end--) {
        int32_t t = a[0]; a[0] = a[end]; a[end] = t;
        sift(a, 0, end);
    }
}

static void merge_sort(int32_t *a, int32_t *tmp, int n)
{
    if (n < 2)
        return;
    int h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

static void quicksort(int32_t *a, int lo, int hi)
{
    while (lo < hi) {
        int32_t p = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                int32_t t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        /* Recurse into the smaller half to bound the stack. */
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
        else { quicksort(a, i, hi); hi = j; }
    }
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static int ordered(const int32_t *a, int n)
{
    for (int i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    if (n < 1 || n > 1000000) {
        fprintf(stderr, "sort: n must be in 1..1000000\n");
        return 2;
    }
    int32_t *orig = malloc((size_t)n * sizeof *orig), *a = malloc((size_t)n * sizeof *a);
    int32_t *ref = malloc((size_t)n * sizeof *ref), *tmp = malloc((size_t)n * sizeof *tmp);
    if (!orig || !a || !ref || !tmp) {
        fprintf(stderr, "sort: out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++)
        orig[i] = (int32_t)xorshift32() % 100000; /* negatives and duplicates included */
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += orig[i];
    printf("n=%d sum=%lld crc32(input)=0x%08lx\n", n, (long long)sum, (unsigned long)crc32(orig, (size_t)n * 4));

    memcpy(ref, orig, (size_t)n * 4);
    qsort(ref, (size_t)n, 4, cmp_i32);
    printf("qsort: ordered=%d min=%ld median=%ld max=%ld crc32=0x%08lx adler32=0x%08lx\n", ordered(ref, n),
           (long)ref[0], (long)ref[n / 2], (long)ref[n - 1], (unsigned long)crc32(ref, (size_t)n * 4),
           (unsigned long)adler32(ref, (size_t)n * 4));

    static const char *names[] = { "insertion", "heapsort", "mergesort", "quicksort" };
    for (int alg = 0; alg < 4; alg++) {
        memcpy(a, orig, (size_t)n * 4);
        switch (alg) {
        case 0: insertion(a, n < 3000 ? n : 3000); if (n > 3000) qsort(a, (size_t)n, 4, cmp_i32); break;
        case 1: heapsort_(a, n); break;
        case 2: merge_sort(a, tmp, n); break;
        case 3: quicksort(a, 0, n - 1); break;
        }
        printf("%s: ordered=%d same_as_qsort=%d crc32=0x%08lx\n", names[alg], ordered(a, n),
               memcmp(a, ref, (size_t)n * 4) == 0, (unsigned long)crc32(a, (size_t)n * 4));
    }

    /* Distinct values via the sorted order, and a stable rank checksum. */
    int distinct = 1;
    uint32_t rank = 0;
    for (int i = 1; i < n; i++) {
        if (ref[i] != ref[i - 1])
            distinct++;
        rank = rank * 31u + (uint32_t)ref[i] * (uint32_t)i;
    }
    printf("distinct=%d rank_checksum=0x%08lx\n", distinct, (unsigned long)rank);
    free(orig); free(a); free(ref); free(tmp);
    return 0;
}
