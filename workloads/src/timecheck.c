/*
 * Time as test programs use it, printed only as facts that hold on every kernel (and on the bare
 * machine, whose clocks all start at 0): time() and gettimeofday() agree with CLOCK_REALTIME;
 * CLOCK_MONOTONIC never goes back over 2,000 reads; usleep/nanosleep/sleep(0) return 0 and advance
 * the monotonic clock by at least what was asked; clock() and times() are non-negative and non-decreasing while the program computes;
 * bad arguments (EINVAL). Calendar functions (gmtime, mktime, strftime, difftime) on fixed
 * timestamps print exact values.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "tessera.h"

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static volatile unsigned sink;
static void burn(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        sink = sink * 31 + i;
}

int main(void)
{
    struct timespec rt, mono, prev, now;
    struct timeval tv;
    time_t t0 = time(NULL), t1;
    printf("time(&t) agrees with its result: %d\n", time(&t1) == t1);
    printf("gettimeofday: %d, usec in range: %d\n", gettimeofday(&tv, NULL), tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("realtime within 2 s of time(): %d, of gettimeofday: %d\n", rt.tv_sec - t0 >= 0 && rt.tv_sec - t0 <= 2,
           rt.tv_sec - tv.tv_sec >= 0 && rt.tv_sec - tv.tv_sec <= 2);
    printf("nsec in range: %d\n", rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);

    clock_gettime(CLOCK_MONOTONIC, &prev);
    int backwards = 0;
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &mono);
        if (ns(&mono) < ns(&prev))
            backwards++;
        prev = mono;
    }
    printf("monotonic went backwards %d times in 2000 reads\n", backwards);

    clock_gettime(CLOCK_MONOTONIC, &prev);
    int r = usleep(20000);
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("usleep(20000) = %d, slept >= 20 ms: %d\n", r, ns(&now) - ns(&prev) >= 20000000);
    struct timespec req = { 0, 15000000 }, rem = { 7, 7 };
    prev = now;
    r = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &now);
    printf("nanosleep(15 ms) = %d, slept >= 15 ms: %d\n", r, ns(&now) - ns(&prev) >= 15000000);
    printf("sleep(0) = %u\n", sleep(0));
    req.tv_nsec = 1000000000;
    errno = 0;
    r = nanosleep(&req, NULL);
    printf("nanosleep(tv_nsec = 1e9) = %d %s\n", r, errname(errno));
    req.tv_sec = -1;
    req.tv_nsec = 0;
    errno = 0;
    r = nanosleep(&req, NULL);
    printf("nanosleep(tv_sec = -1) = %d %s\n", r, errname(errno));
    errno = 0;
    r = clock_gettime((clockid_t)12345, &now);
    printf("clock_gettime(bad clock) = %d %s\n", r, errname(errno));

    clock_t c0 = clock();
    struct tms tm0, tm1;
    clock_t e0 = times(&tm0);
    burn(300000);
    clock_t c1 = clock();
    clock_t e1 = times(&tm1);
    printf("clock() valid: %d, non-decreasing: %d; CLOCKS_PER_SEC %ld\n", c0 != (clock_t)-1, c1 >= c0, (long)CLOCKS_PER_SEC);
    printf("times() elapsed non-decreasing: %d, utime non-decreasing: %d, children 0: %d\n", e1 >= e0, tm1.tms_utime >= tm0.tms_utime,
           tm1.tms_cutime == 0 && tm1.tms_cstime == 0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    printf("process CPU time positive: %d\n", ns(&now) > 0);

    const time_t stamps[] = { 0, 86399, 951782400, 1234567890, 2147483647, 4102444800LL, -86400 };
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        struct tm tm;
        gmtime_r(&stamps[i], &tm);
        char buf[80];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j", &tm);
        printf("gmtime(%lld) = %s wday %d yday %d\n", (long long)stamps[i], buf, tm.tm_wday, tm.tm_yday);
    }
    struct tm when = { .tm_year = 124, .tm_mon = 1, .tm_mday = 29, .tm_hour = 12, .tm_min = 30, .tm_sec = 15, .tm_isdst = 0 };
    time_t made = mktime(&when);
    printf("mktime(2024-02-29 12:30:15, TZ unset) = %lld, wday %d\n", (long long)made, when.tm_wday);
    when.tm_mday += 1;
    mktime(&when);
    printf("normalised day after: %04d-%02d-%02d\n", when.tm_year + 1900, when.tm_mon + 1, when.tm_mday);
    printf("difftime = %.1f\n", difftime((time_t)1000, (time_t)250));
    return 0;
}
