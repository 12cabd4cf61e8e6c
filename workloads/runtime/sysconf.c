/*
 * sysconf for the values C programs ask for. The guest's machine has one hart and 4 KiB pages;
 * USER_HZ is Linux's 100; ARG_MAX is Linux's 2 MiB (a quarter of the 8 MiB stack limit); OPEN_MAX
 * is the smaller of the kernels' descriptor limits (Tessera 64, Linux's soft limit 1024), so a
 * program that opens that many files works on both. Other names: -1 with EINVAL.
 */
#include <errno.h>
#include <unistd.h>

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE: return 4096;
    case _SC_CLK_TCK: return 100;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: return 1;
    case _SC_ARG_MAX: return 2 * 1024 * 1024;
    case _SC_OPEN_MAX: return 64;
    default:
        errno = EINVAL;
        return -1;
    }
}
