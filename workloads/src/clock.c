/*
 * clock: clock_gettime64 and clock_nanosleep_time64. Times are only compared, never printed, so
 * the output is deterministic: monotonic time never goes back, a 20 ms nanosleep lasts at least
 * 20 ms of monotonic time, an absolute sleep ends at or after its deadline, and a nanosleep with
 * tv_nsec out of range fails with EINVAL. Also checks that sched_yield returns 0.
 * Usage: clock [sleeps] (default 3)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sched.h>
#include "tessera.h"

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

int main(int argc, char **argv)
{
    int sleeps = argc > 1 ? atoi(argv[1]) : 3;
    struct timespec a, b, rt;
    printf("clock_gettime(MONOTONIC) ok=%d\n", clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    printf("clock_gettime(REALTIME) ok=%d nsec_in_range=%d\n", clock_gettime(CLOCK_REALTIME, &rt) == 0,
           rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);
    int monotonic = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        monotonic &= ns(&b) >= ns(&a);
        a = b;
    }
    printf("1000 reads never go back=%d\n", monotonic);

    for (int i = 0; i < sleeps; i++) {
        struct timespec req = { 0, 20 * 1000 * 1000 }, t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int r = nanosleep(&req, NULL);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("nanosleep(20ms) #%d -> %d, slept at least 20ms=%d\n", i, r, ns(&t1) - ns(&t0) >= 20000000);
    }

    struct timespec deadline, now;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_nsec += 5000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("clock_nanosleep(abs +5ms) -> %d, reached deadline=%d\n", r, ns(&now) >= ns(&deadline));

    struct timespec bad = { 0, 2000000000 };
    errno = 0;
    printf("nanosleep(tv_nsec=2e9) -> %d %s\n", nanosleep(&bad, NULL), errname(errno));
    printf("sched_yield -> %d\n", sched_yield());
    return 0;
}
