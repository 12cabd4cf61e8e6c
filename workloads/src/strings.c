/*
 * strings: string processing with picolibc's string functions and hand-written ones: reversal,
 * palindromes, word splitting and counting, a substring search (naive vs strstr), run-length
 * encoding and decoding, number formatting and parsing (snprintf/strtol round trips), and
 * case-insensitive sorting of words.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char text[] =
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, "
    "it was the season of Light, it was the season of Darkness";

static void reverse(char *s)
{
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
        char t = s[i]; s[i] = s[j - 1]; s[j - 1] = t;
    }
}

static int is_palindrome(const char *s)
{
    size_t i = 0, j = strlen(s);
    while (i < j) {
        while (i < j && !isalnum((unsigned char)s[i])) i++;
        while (i < j && !isalnum((unsigned char)s[j - 1])) j--;
        if (i < j && tolower((unsigned char)s[i]) != tolower((unsigned char)s[j - 1]))
            return 0;
        i++; j--;
    }
    return 1;
}

static int count_naive(const char *hay, const char *needle)
{
    int n = 0;
    size_t hl = strlen(hay), nl = strlen(needle);
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(hay + i, needle, nl) == 0)
            n++;
    return n;
}

static int count_strstr(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static size_t rle_encode(const char *in, char *out)
{
    size_t o = 0;
    for (size_t i = 0; in[i];) {
        size_t j = i;
        while (in[j] == in[i] && j - i < 9) j++;
        out[o++] = (char)('0' + (j - i));
        out[o++] = in[i];
        i = j;
    }
    out[o] = 0;
    return o;
}

static void rle_decode(const char *in, char *out)
{
    size_t o = 0;
    for (size_t i = 0; in[i]; i += 2)
        for (int k = 0; k < in[i] - '0'; k++)
            out[o++] = in[i + 1];
    out[o] = 0;
}

static int cmp_ci(const void *a, const void *b)
{
    int c = strcasecmp(*(char *const *)a, *(char *const *)b);
    return c ? c : strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    printf("length=%u\n", (unsigned)strlen(text));

    char buf[sizeof text];
    strcpy(buf, text);
    reverse(buf);
    printf("reversed[0..24]=\"%.24s\"\n", buf);
    reverse(buf);
    printf("double reverse equal=%d\n", strcmp(buf, text) == 0);

    const char *pals[] = { "A man, a plan, a canal: Panama", "Was it a car or a cat I saw?", "tessera", "", "x" };
    for (unsigned i = 0; i < sizeof pals / sizeof pals[0]; i++)
        printf("palindrome(\"%s\")=%d\n", pals[i], is_palindrome(pals[i]));

    /* Split into words, count them, find the longest, and sort case-insensitively. */
    char *words[64];
    int nw = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ,", &save); w && nw < 64; w = strtok_r(NULL, " ,", &save))
        words[nw++] = w;
    int longest = 0;
    for (int i = 1; i < nw; i++)
        if (strlen(words[i]) > strlen(words[longest]))
            longest = i;
    printf("words=%d longest=\"%s\"\n", nw, words[longest]);
    qsort(words, (size_t)nw, sizeof words[0], cmp_ci);
    printf("sorted:");
    for (int i = 0; i < nw; i++)
        if (i == 0 || strcmp(words[i], words[i - 1]) != 0)
            printf(" %s", words[i]);
    printf("\n");

    const char *needles[] = { "it was", "the", "of times", "epoch", "zebra", "e" };
    for (unsigned i = 0; i < sizeof needles / sizeof needles[0]; i++)
        printf("count(\"%s\") naive=%d strstr=%d\n", needles[i], count_naive(text, needles[i]),
               count_strstr(text, needles[i]));

    const char *rle_in = "aaabccddddddddddddeffffg";
    char enc[64], dec[64];
    size_t el = rle_encode(rle_in, enc);
    rle_decode(enc, dec);
    printf("rle(\"%s\")=\"%s\" (%u bytes) roundtrip=%d\n", rle_in, enc, (unsigned)el, strcmp(dec, rle_in) == 0);

    long samples[] = { 0, 1, -1, 2147483647L, -2147483647L - 1, 123456789, -98765 };
    uint32_t h = 5381;
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char num[40];
        int len = snprintf(num, sizeof num, "%ld|%lx|%lo", samples[i], (unsigned long)samples[i], (unsigned long)samples[i]);
        char *end;
        long back = strtol(num, &end, 10);
        printf("fmt %s len=%d parse_ok=%d\n", num, len, back == samples[i] && *end == '|');
        for (char *p = num; *p; p++)
            h = h * 33u ^ (uint8_t)*p;
    }
    printf("djb2(formatted)=0x%08lx\n", (unsigned long)h);

    char up[sizeof text];
    for (size_t i = 0; i <= strlen(text); i++)
        up[i] = (char)toupper((unsigned char)text[i]);
    printf("upper[0..30]=\"%.30s\" strcasecmp=%d strncmp=%d\n", up, strcasecmp(up, text), strncmp(up, text, 1));
    printf("strchr(',')=%d strrchr('o')=%d strspn=%u strcspn=%u\n", (int)(strchr(text, ',') - text),
           (int)(strrchr(text, 'o') - text), (unsigned)strspn(text, "It wasthe"), (unsigned)strcspn(text, ","));
    return 0;
}
