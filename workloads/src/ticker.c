/*
 * ticker: prints "tick N" every PERIOD ms of the kernel's monotonic clock (emulated time on
 * Tessera), COUNT times, then "ticker: done". For the live REPL demo: a program that keeps
 * visibly running while components are swapped. Deadlines are absolute (TIMER_ABSTIME from the
 * start time), so ticks do not drift however long printing takes; only the tick numbers are
 * printed, so the output is deterministic.
 * Usage: ticker [count] [period_ms]  (default 5 ticks, 100 ms)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tessera.h"

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 5;
    long period_ms = argc > 2 ? atol(argv[2]) : 100;
    if (count < 0 || period_ms < 0) {
        fprintf(stderr, "ticker: count and period must be >= 0 (usage: ticker [count] [period_ms])\n");
        return 2;
    }
    struct timespec start;
    if (clock_gettime(CLOCK_MONOTONIC, &start) != 0) {
        printf("ticker: clock_gettime failed: %s\n", errname(errno));
        return 1;
    }
    for (long n = 1; n <= count; n++) {
        long long at = (long long)start.tv_nsec + (long long)n * period_ms * 1000000LL;
        struct timespec deadline = { start.tv_sec + (time_t)(at / 1000000000LL), (long)(at % 1000000000LL) };
        int e;
        while ((e = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL)) == EINTR) { }
        if (e != 0) {
            printf("ticker: clock_nanosleep failed: %s\n", errname(e));
            return 1;
        }
        printf("tick %ld\n", n);
    }
    printf("ticker: done\n");
    return 0;
}
