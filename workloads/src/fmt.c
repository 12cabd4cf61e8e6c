/*
 * printf family oracle: every conversion, flag, width and precision of C99 printf on ints of every
 * size, strings, chars, pointers and doubles (picolibc's tinystdio prints doubles), plus
 * snprintf's truncation and return values, and sscanf round trips. Output only, no system calls
 * beyond write.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static const int ints[] = { 0, 1, -1, 7, -42, 255, 1000000, INT_MAX, INT_MIN };
static const char *const iflags[] = { "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-8.3d|",
                                      "%+08d", "%.0d", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%u", "%08x", "%-#10x|",
                                      "%+.5i", "% 07d", "%hd", "%hhd", "%hu", "%hhx" };
static const double dbls[] = { 0.0, -0.0, 1.0, -1.5, 3.14159265358979, 2.5, 0.5, 1e-5, 123456.789, 1e20, -9.999, 1e300, 5e-324 };
static const char *const dflags[] = { "%f", "%.0f", "%.1f", "%.3f", "%10.2f|", "%-10.2f|", "%+f", "% .2f", "%010.3f",
                                      "%e", "%.2e", "%E", "%g", "%.3g", "%G", "%#.0f", "%#g", "%.10g", "%a" };

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"

int main(void)
{
    char buf[256];
    for (size_t f = 0; f < sizeof iflags / sizeof iflags[0]; f++) {
        printf("%-8s:", iflags[f]);
        for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
            snprintf(buf, sizeof buf, iflags[f], ints[i]);
            printf(" [%s]", buf);
        }
        printf("\n");
    }
    printf("long: %ld %lu %lx %lo %+ld\n", LONG_MIN, ULONG_MAX, 0xdeadbeefUL, 0777UL, 12345L);
    printf("llong: %lld %llu %llx %llX %#llo %+lld\n", LLONG_MIN, ULLONG_MAX, 0x0123456789abcdefULL, 0xfedcba9876543210ULL, 01234567012345670ULL, 9000000000LL);
    printf("llong widths: [%25lld] [%-25lld] [%025lld] [%.20llu]\n", -1LL, 123456789012345LL, -98765432109876LL, 42ULL);
    printf("fixed: %" PRId8 " %" PRIu16 " %" PRIx32 " %" PRId64 " %" PRIu64 " %jd %zu %zd %td\n",
           (int8_t)-128, (uint16_t)65535, (uint32_t)0xcafebabe, (int64_t)INT64_MIN, (uint64_t)UINT64_MAX,
           (intmax_t)-7, sizeof(long long), (ssize_t)-3, (ptrdiff_t)(ints + 3 - ints));
    printf("chars: [%c] [%5c] [%-5c] [%c]\n", 'A', 'b', 'c', 0x7e);
    const char *strs[] = { "", "a", "hello", "hello, world" };
    for (size_t i = 0; i < 4; i++)
        printf("str: [%s] [%8s] [%-8s] [%.3s] [%8.2s] [%-8.0s] [%*s] [%-*.*s]\n", strs[i], strs[i], strs[i], strs[i], strs[i],
               strs[i], 6, strs[i], 7, 2, strs[i]);
    printf("star: [%*d] [%-*d] [%.*d] [%*.*d] [%*d]\n", 6, 42, 6, 42, 4, 42, 8, 5, -42, -6, 42);
    printf("pct: 100%% [%5%]\n");
    printf("ptr: %p %p [%12p] [%-12p]\n", (void *)0x10, (void *)0xdeadbeef, (void *)0x1234, (void *)0xabc);
    for (size_t f = 0; f < sizeof dflags / sizeof dflags[0]; f++) {
        printf("%-8s:", dflags[f]);
        for (size_t i = 0; i < sizeof dbls / sizeof dbls[0]; i++) {
            snprintf(buf, sizeof buf, dflags[f], dbls[i]);
            printf(" [%s]", buf);
        }
        printf("\n");
    }
    printf("float args: %f %.2f %g\n", 1.0f / 3, (double)(float)0.1, 100.0f);

    /* snprintf truncation: the return value is the untruncated length, the buffer always terminated */
    for (size_t n = 0; n <= 12; n += 3) {
        char small[16];
        memset(small, '#', sizeof small);
        int r = snprintf(small, n, "%s-%d", "abcdef", 12345);
        printf("snprintf n=%zu -> %d [%s] byte[n]=%c\n", n, r, n ? small : "(untouched)", small[n]);
    }
    printf("snprintf NULL,0 -> %d\n", snprintf(NULL, 0, "%d %s %llx", -123, "xyz", 0xffffffffffULL));
    int w = sprintf(buf, "%08.3f|%-6s|%+5d|%x", 3.14159, "ab", 7, 48879);
    printf("sprintf %d [%s]\n", w, buf);

    /* sscanf round trips */
    int a, b;
    unsigned u;
    long long ll;
    char word[32], rest[32];
    double d;
    int k = sscanf("  -17 0x1F 4294967295 -9223372036854775807 hello 2.5e3 tail", "%d %i %u %lld %31s %lf %31s", &a, &b, &u, &ll, word, &d, rest);
    printf("sscanf %d: %d %d %u %lld %s %.1f %s\n", k, a, b, u, ll, word, d, rest);
    k = sscanf("12abc", "%d%3s", &a, word);
    printf("sscanf %d: %d %s\n", k, a, word);
    k = sscanf("xyz", "%d", &a);
    printf("sscanf no match: %d\n", k);
    k = sscanf("", "%d", &a);
    printf("sscanf empty: %d\n", k);
    k = sscanf("key=value;42", "%31[^=]=%31[^;];%d", word, rest, &a);
    printf("sscanf set %d: %s %s %d\n", k, word, rest, a);
    k = sscanf("0777 0x10 010", "%o %x %i", &u, &a, &b);
    printf("sscanf bases %d: %u %d %d\n", k, u, a, b);
    return 0;
}
