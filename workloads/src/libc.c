/*
 * The C library as test programs use it: setjmp/longjmp (nested, from deep recursion, values 0 and
 * n), qsort/bsearch on ints, strings and structs, string.h (mem*, str*, strtok, strspn, strdup,
 * strndup, strerror), ctype, atoi/atol/strtol/strtoul/strtoll/strtoull with bases, overflow (ERANGE)
 * and end pointers, div/ldiv, abs/labs/llabs, rand with a fixed seed, getenv on an empty environment.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tessera.h"

static jmp_buf env, env2;
static int depth_reached;

static void dive(int n)
{
    volatile char pad[64];
    pad[n % 64] = (char)n;
    depth_reached = n + pad[n % 64] - (char)n;
    if (n >= 500)
        longjmp(env, n);
    if (n < 100000)
        dive(n + 1);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct rec { char key[8]; int val; };

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->val - y->val;
}

static void show_strtol(const char *s, int base)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, base);
    int e1 = errno;
    errno = 0;
    unsigned long u = strtoul(s, NULL, base);
    int e2 = errno;
    errno = 0;
    long long ll = strtoll(s, NULL, base);
    int e3 = errno;
    errno = 0;
    unsigned long long ull = strtoull(s, NULL, base);
    int e4 = errno;
    printf("strto*(\"%s\", %d): l=%ld %s end=+%d \"%s\" ul=%lu %s ll=%lld %s ull=%llu %s atoi=%d\n", s, base, v, errname(e1),
           (int)(end - s), end, u, errname(e2), ll, errname(e3), ull, errname(e4), base == 10 ? atoi(s) : 0);
}

int main(void)
{
    printf("== setjmp/longjmp\n");
    volatile int rounds = 0;
    int r = setjmp(env);
    printf("setjmp returned %d (round %d)\n", r, rounds);
    if (rounds++ == 0)
        dive(0);
    printf("depth reached %d\n", depth_reached);
    if ((r = setjmp(env2)) == 0)
        longjmp(env2, 0); /* longjmp with 0 makes setjmp return 1 */
    printf("longjmp(env, 0) -> setjmp returned %d\n", r);
    for (volatile int i = 0; i < 3; i++) {
        if ((r = setjmp(env2)) < 3)
            longjmp(env2, r + 1);
        printf("loop %d: counted to %d\n", i, r);
    }

    printf("== qsort/bsearch\n");
    int nums[200];
    unsigned seed = 12345;
    for (int i = 0; i < 200; i++) {
        seed = seed * 1103515245u + 12345u;
        nums[i] = (int)(seed >> 8) % 1000 - 500;
    }
    qsort(nums, 200, sizeof nums[0], cmp_int);
    int sorted = 1;
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        sum += nums[i] * (i + 1);
        if (i && nums[i - 1] > nums[i])
            sorted = 0;
    }
    printf("sorted=%d min=%d max=%d median=%d weighted=%ld\n", sorted, nums[0], nums[199], nums[100], sum);
    int keys[] = { nums[0], nums[57], nums[199], 1000, -1000, 0 };
    for (int i = 0; i < 6; i++) {
        int *p = bsearch(&keys[i], nums, 200, sizeof nums[0], cmp_int);
        printf("bsearch %d: %s\n", keys[i], p ? (*p == keys[i] ? "found" : "WRONG") : "absent");
    }
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "Apple", "elder", "", "apples" };
    qsort(words, 10, sizeof words[0], cmp_str);
    for (int i = 0; i < 10; i++)
        printf("%s[%s]", i ? " " : "", words[i]);
    printf("\n");
    const char *key = "date";
    const char **hit = bsearch(&key, words, 10, sizeof words[0], cmp_str);
    printf("bsearch date at %d\n", hit ? (int)(hit - words) : -1);
    struct rec recs[] = { { "b", 2 }, { "a", 9 }, { "b", 1 }, { "c", 0 }, { "a", -3 } };
    qsort(recs, 5, sizeof recs[0], cmp_rec);
    for (int i = 0; i < 5; i++)
        printf("%s%s:%d", i ? " " : "", recs[i].key, recs[i].val);
    printf("\n");

    printf("== string.h\n");
    char buf[64], buf2[64];
    strcpy(buf, "Hello");
    strcat(buf, ", World");
    strncat(buf, "!!!???", 3);
    printf("%s len=%zu\n", buf, strlen(buf));
    printf("strcmp %d %d %d strncmp %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("x", "x"), strncmp("abcdef", "abcxyz", 3));
    printf("strchr %s strrchr %s strstr %s strpbrk %s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "World"), strpbrk(buf, ",!"));
    printf("strspn %zu strcspn %zu\n", strspn("aaabbbccc", "ab"), strcspn("hello world", " "));
    memset(buf2, 'x', sizeof buf2);
    memcpy(buf2, "0123456789", 10);
    memmove(buf2 + 2, buf2, 8);
    buf2[12] = 0;
    printf("memmove %s memcmp %d memchr %s\n", buf2, memcmp("abc", "abd", 3) < 0, (char *)memchr(buf2, '5', 12));
    strncpy(buf2, "short", 10);
    printf("strncpy pads: %d %d\n", buf2[5], buf2[9]);
    char text[] = "  one, two;;three  four,";
    int count = 0;
    for (char *t = strtok(text, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("token %d: %s\n", ++count, t);
    char *d = strdup("duplicate");
    char *nd = strndup("truncate-me", 8);
    printf("strdup %s strndup %s\n", d, nd);
    free(d);
    free(nd);
    printf("strerror: %s | %s | %s\n", strerror(ENOENT), strerror(EINVAL), strerror(ERANGE));
    printf("toupper/tolower: ");
    for (const char *p = "Mixed Case 123 z!"; *p; p++)
        putchar(islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
    printf("\nctype classes of 0..127:");
    for (int c = 0; c < 128; c += 1) {
        int cls = (!!isalpha(c)) | (!!isdigit(c)) << 1 | (!!isspace(c)) << 2 | (!!ispunct(c)) << 3 | (!!isupper(c)) << 4 |
                  (!!isxdigit(c)) << 5 | (!!iscntrl(c)) << 6 | (!!isprint(c)) << 7;
        if (c % 16 == 0)
            printf("\n");
        printf(" %02x", cls);
    }
    printf("\n");

    printf("== number parsing\n");
    const char *cases[] = { "0", "42", "-42", "+7", "  123abc", "2147483647", "2147483648", "-2147483648", "-2147483649",
                            "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                            "18446744073709551615", "18446744073709551616", "-1", "0x1A", "0X1a", "077", "abc", "", "   ", "-", "0x" };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        show_strtol(cases[i], 10);
    show_strtol("0x1A", 16);
    show_strtol("0x1A", 0);
    show_strtol("077", 0);
    show_strtol("zz", 36);
    show_strtol("-101", 2);
    show_strtol("12", 1);
    show_strtol("12", 37);
    printf("atol %ld atoll %lld\n", atol("-123456"), atoll("-9000000000"));
    div_t q = div(-17, 5);
    ldiv_t lq = ldiv(17L, -5L);
    printf("div %d %d ldiv %ld %ld abs %d labs %ld llabs %lld\n", q.quot, q.rem, lq.quot, lq.rem, abs(-5), labs(-6L), llabs(-7000000000LL));
    srand(42);
    printf("rand:");
    for (int i = 0; i < 5; i++)
        printf(" %d", rand() % 1000);
    printf(" RAND_MAX=%d\n", RAND_MAX);
    printf("getenv PATH: %s\n", getenv("PATH") ? "set" : "(null)");
    return 0;
}
