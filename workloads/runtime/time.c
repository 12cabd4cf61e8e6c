/*
 * Clocks on the time64 calls (rv32 has no clock_gettime 113 or nanosleep 101). The kernel's
 * timespec has a 64-bit tv_nsec; picolibc's clock ids (CLOCK_MONOTONIC = 4) differ from Linux's.
 * gettimeofday (picolibc's time()), times (picolibc's clock()), sleep and usleep are built on the
 * same two calls, as rv32 has no gettimeofday, times-free clock or nanosleep of its own.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "syscall.h"

struct l_timespec64 { int64_t sec; int64_t nsec; };

static int linux_clock(clockid_t c)
{
    switch (c) {
    case CLOCK_REALTIME: return 0;
    case CLOCK_MONOTONIC: return 1;
    case CLOCK_PROCESS_CPUTIME_ID: return 2;
    case CLOCK_THREAD_CPUTIME_ID: return 3;
    case CLOCK_MONOTONIC_RAW: return 4;
    case CLOCK_MONOTONIC_COARSE: return 6;
    case CLOCK_BOOTTIME: return 7;
    default: return -1;
    }
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    int lc = linux_clock(clock);
    if (lc < 0) {
        errno = EINVAL;
        return -1;
    }
    struct l_timespec64 k;
    if (sys_result(SYSCALL2(SYS_clock_gettime64, lc, &k)) < 0)
        return -1;
    ts->tv_sec = k.sec;
    ts->tv_nsec = (long)k.nsec;
    return 0;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
    int lc = linux_clock(clock);
    if (lc < 0)
        return EINVAL;
    struct l_timespec64 k = { req->tv_sec, req->tv_nsec }, left = { 0, 0 };
    /* Linux TIMER_ABSTIME is 1; clock_nanosleep returns the error number instead of setting errno. */
    long r = SYSCALL4(SYS_clock_nanosleep_time64, lc, (flags & TIMER_ABSTIME) ? 1 : 0, &k, &left);
    if (r < 0) {
        extern int __tessera_errno_from_linux(int);
        if (rem) {
            rem->tv_sec = left.sec;
            rem->tv_nsec = (long)left.nsec;
        }
        return __tessera_errno_from_linux((int)-r);
    }
    return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    int e = clock_nanosleep(CLOCK_REALTIME, 0, req, rem);
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz; /* obsolete: Linux fills it with zeros only when asked, and nothing here asks */
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return -1;
    if (tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return 0;
}

/* Ticks of CLOCKS_PER_SEC, the unit picolibc's clock() expects from times(). */
static clock_t ticks(const struct timespec *ts)
{
    return (clock_t)((int64_t)ts->tv_sec * CLOCKS_PER_SEC + ts->tv_nsec / (1000000000 / CLOCKS_PER_SEC));
}

/* The process's CPU time is all user time (the kernel's share is not accounted apart); children's
   times are not reported by the time64 calls, so they read 0. Returns elapsed monotonic ticks. */
clock_t times(struct tms *t)
{
    struct timespec cpu, now;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) < 0 || clock_gettime(CLOCK_MONOTONIC, &now) < 0)
        return (clock_t)-1;
    if (t) {
        t->tms_utime = ticks(&cpu);
        t->tms_stime = t->tms_cutime = t->tms_cstime = 0;
    }
    return ticks(&now);
}

unsigned sleep(unsigned seconds)
{
    struct timespec req = { (time_t)seconds, 0 }, rem = { 0, 0 };
    if (nanosleep(&req, &rem) < 0)
        return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec req = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}
