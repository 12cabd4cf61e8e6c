/*
 * Reading stdin the ways test programs do: scanf of a count and numbers, fgets lines (one longer
 * than the buffer, one without a final newline), getchar to EOF with ungetc, and the state of
 * feof/ferror afterwards. Prompts go to stdout before each read (the runtime flushes stdout before
 * it reads stdin), so the interleaving is the same on every kernel.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    int n = 0;
    printf("how many numbers? ");
    if (scanf("%d", &n) != 1) {
        printf("\nno count: eof=%d\n", feof(stdin) != 0);
        return 3;
    }
    long sum = 0, min = 0, max = 0;
    int got = 0;
    for (int i = 0; i < n; i++) {
        long v;
        if (scanf("%ld", &v) != 1)
            break;
        sum += v;
        if (got == 0 || v < min)
            min = v;
        if (got == 0 || v > max)
            max = v;
        got++;
    }
    printf("\nread %d of %d: sum=%ld min=%ld max=%ld\n", got, n, sum, min, max);
    int c;
    while ((c = getchar()) != '\n' && c != EOF) { } /* rest of the numbers line */

    char word[16];
    double d;
    char op;
    if (scanf("%15s %lf %c", word, &d, &op) == 3)
        printf("word=%s double=%.3f op=%c\n", word, d, op);
    while ((c = getchar()) != '\n' && c != EOF) { }

    char line[24];
    int lines = 0, longest = 0;
    printf("lines:\n");
    while (lines < 6 && fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        int complete = len > 0 && line[len - 1] == '\n';
        if (complete)
            line[--len] = 0;
        if ((int)len > longest)
            longest = (int)len;
        printf("  %d%s [%s]\n", ++lines, complete ? "" : " (partial)", line);
    }
    c = getchar();
    printf("peek %d ", c);
    ungetc(c, stdin);
    printf("again %d\n", getchar());
    unsigned long chars = 0, alnum = 0, newlines = 0, hash = 5381;
    while ((c = getchar()) != EOF) {
        chars++;
        alnum += isalnum(c) != 0;
        newlines += c == '\n';
        hash = hash * 33 ^ (unsigned long)c;
    }
    printf("rest: %lu chars, %lu alnum, %lu newlines, hash %08lx\n", chars, alnum, newlines, hash);
    printf("eof=%d error=%d getchar-after-eof=%d fgets-after-eof=%s\n", feof(stdin) != 0, ferror(stdin) != 0, getchar(),
           fgets(line, sizeof line, stdin) ? "line" : "NULL");
    return got == n ? 0 : 1;
}
