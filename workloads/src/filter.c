/*
 * filter: a stdin -> stdout filter. Reads lines from stdin through stdio (getchar), writes each one numbered
 * and transformed (rot13 | upper | reverse, chosen by argv[1], default rot13), then a wc-style
 * summary: lines, words, bytes, and the byte-frequency top 3. Works on any input size; lines
 * longer than the buffer are processed in pieces; a last line without newline still counts.
 * Usage: filter [rot13|upper|reverse] < input
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Reads up to size-1 bytes, stopping after a newline; returns the length (0 at end of input).
   Not fgets: picolibc's fgets drops a final line that has no newline. */
static size_t read_line(char *buf, size_t size)
{
    size_t n = 0;
    int c;
    while (n + 1 < size && (c = getchar()) != EOF) {
        buf[n++] = (char)c;
        if (c == '\n')
            break;
    }
    buf[n] = 0;
    return n;
}

static char rot13(char c)
{
    if (c >= 'a' && c <= 'z') return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z') return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "rot13";
    int m = strcmp(mode, "rot13") == 0 ? 0 : strcmp(mode, "upper") == 0 ? 1 : strcmp(mode, "reverse") == 0 ? 2 : -1;
    if (m < 0) {
        fprintf(stderr, "filter: unknown mode '%s' (expected rot13, upper or reverse)\n", mode);
        return 2;
    }
    char line[256];
    unsigned long lines = 0, words = 0, bytes = 0, freq[256] = { 0 };
    int in_word = 0, at_line_start = 1;
    size_t n;
    while ((n = read_line(line, sizeof line)) > 0) {
        bytes += n;
        int has_nl = n > 0 && line[n - 1] == '\n';
        size_t body = has_nl ? n - 1 : n;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)line[i];
            freq[c]++;
            if (isspace(c)) in_word = 0;
            else if (!in_word) { in_word = 1; words++; }
        }
        if (m == 0) for (size_t i = 0; i < body; i++) line[i] = rot13(line[i]);
        if (m == 1) for (size_t i = 0; i < body; i++) line[i] = (char)toupper((unsigned char)line[i]);
        if (m == 2) for (size_t i = 0, j = body; i + 1 < j; i++, j--) { char t = line[i]; line[i] = line[j - 1]; line[j - 1] = t; }
        if (at_line_start)
            printf("%4lu: ", lines + 1);
        fputs(line, stdout);
        at_line_start = has_nl;
        if (has_nl)
            lines++;
    }
    if (!at_line_start) {
        putchar('\n');
        lines++; /* a final line without newline still counts as a line here */
    }
    printf("lines=%lu words=%lu bytes=%lu\n", lines, words, bytes);
    printf("top bytes:");
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int c = 0; c < 256; c++)
            if (freq[c] && (best < 0 || freq[c] > freq[best]))
                best = c;
        if (best < 0) break;
        if (isgraph(best)) printf(" '%c'=%lu", best, freq[best]);
        else printf(" 0x%02x=%lu", best, freq[best]);
        freq[best] = 0;
    }
    printf("\n");
    return 0;
}
