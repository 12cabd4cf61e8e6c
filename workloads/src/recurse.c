/*
 * recurse: deep and branching recursion with bounded depth: Ackermann, naive and memoised
 * Fibonacci, Towers of Hanoi (move count and a checksum of the moves), N-queens, and a
 * recursive-descent expression evaluator. Exercises the call stack (jal/jalr/ret, spills).
 * Usage: recurse [fib_n] (default 24)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned ackermann(unsigned m, unsigned n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fib(int n) { return n < 2 ? (uint32_t)n : fib(n - 1) + fib(n - 2); }

static uint64_t memo[94];
static uint64_t fib_memo(int n)
{
    if (n < 2)
        return (uint64_t)n;
    if (memo[n])
        return memo[n];
    return memo[n] = fib_memo(n - 1) + fib_memo(n - 2);
}

static uint32_t moves, move_hash;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    moves++;
    move_hash = move_hash * 7u + (uint32_t)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int queens(int n, int row, uint32_t cols, uint32_t d1, uint32_t d2)
{
    if (row == n)
        return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        uint32_t cb = 1u << c, a = 1u << (row + c), b = 1u << (row - c + n);
        if (!(cols & cb) && !(d1 & a) && !(d2 & b))
            count += queens(n, row + 1, cols | cb, d1 | a, d2 | b);
    }
    return count;
}

/* expr := term (('+'|'-') term)*, term := factor (('*'|'/'|'%') factor)*, factor := num | '(' expr ')' | '-' factor */
static const char *src;
static long expr(void);
static long factor(void)
{
    if (*src == '(') {
        src++;
        long v = expr();
        src++; /* ')' */
        return v;
    }
    if (*src == '-') {
        src++;
        return -factor();
    }
    long v = 0;
    while (*src >= '0' && *src <= '9')
        v = v * 10 + (*src++ - '0');
    return v;
}
static long term(void)
{
    long v = factor();
    for (;;) {
        char op = *src;
        if (op != '*' && op != '/' && op != '%')
            return v;
        src++;
        long r = factor();
        v = op == '*' ? v * r : op == '/' ? v / r : v % r;
    }
}
static long expr(void)
{
    long v = term();
    while (*src == '+' || *src == '-') {
        char op = *src++;
        long r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

int main(int argc, char **argv)
{
    int fn = argc > 1 ? atoi(argv[1]) : 24;
    if (fn < 0 || fn > 40) {
        fprintf(stderr, "recurse: fib_n must be in 0..40\n");
        return 2;
    }
    for (unsigned m = 0; m <= 3; m++)
        for (unsigned n = 0; n <= 4; n++)
            printf("ackermann(%u,%u)=%u%s", m, n, ackermann(m, n), n == 4 ? "\n" : " ");
    printf("fib(%d)=%lu\n", fn, (unsigned long)fib(fn));
    printf("fib_memo(90)=%llu\n", (unsigned long long)fib_memo(90));
    for (int n = 1; n <= 16; n += 5) {
        moves = 0;
        move_hash = 0;
        hanoi(n, 0, 2, 1);
        printf("hanoi(%d): moves=%lu hash=0x%08lx\n", n, (unsigned long)moves, (unsigned long)move_hash);
    }
    for (int n = 4; n <= 9; n++)
        printf("queens(%d)=%d\n", n, queens(n, 0, 0, 0, 0));
    const char *exprs[] = { "1+2*3", "(1+2)*3", "2*(3+4)*(5-6)", "-(7%3)+100/7", "((((((((1))))))))+-2*-3" };
    for (unsigned i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        src = exprs[i];
        printf("eval(%s)=%ld\n", exprs[i], expr());
    }
    return 0;
}
