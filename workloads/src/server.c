/*
 * server: a long-running request server for the machine's request port. It opens the device
 * (default /dev/requests, or argv[2]) and loops: read one 16-byte request record (blocking until
 * one arrives), spend work * scale work units (argv[1], default 1) of integer hashing on it,
 * write one 16-byte reply record back to the device. It stops at a request with the quit flag or
 * at end of input, then prints a summary. When the device does not exist or open is not
 * implemented (qemu, a bare `tessera exec`), requests come from stdin and each reply is printed as a text line, so the
 * server's results are checkable against the oracle. Record format: request.h.
 * Usage: server [scale] [device]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "request.h"
#include "tessera.h"

/* One work unit: a few rounds of a xorshift-multiply mix (about 20 instructions). */
static uint32_t work(uint32_t seed, uint32_t units)
{
    uint32_t x = seed ^ 0x9e3779b9u;
    for (uint32_t i = 0; i < units; i++) {
        x ^= x >> 16;
        x *= 0x7feb352du;
        x ^= x >> 15;
        x *= 0x846ca68bu;
        x ^= x >> 16;
        x += i;
    }
    return x;
}

static int read_record(int fd, struct request *rq)
{
    size_t got = 0;
    while (got < sizeof *rq) {
        ssize_t r = read(fd, (char *)rq + got, sizeof *rq - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return got == 0 ? 0 : -1; /* 0: clean end of input; -1: truncated record or error */
        got += (size_t)r;
    }
    return 1;
}

int main(int argc, char **argv)
{
    uint32_t scale = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1;
    const char *device = argc > 2 ? argv[2] : REQUEST_DEVICE;
    if (scale < 1 || scale > 1000) {
        fprintf(stderr, "server: scale must be in 1..1000\n");
        return 2;
    }
    int fd = open(device, O_RDWR);
    int text = 0;
    if (fd < 0) {
        /* No such device, or a kernel without files (a bare `tessera exec` answers ENOSYS). */
        if (errno != ENOENT && errno != ENOSYS) {
            printf("server: cannot open %s: %s\n", device, errname(errno));
            return 1;
        }
        fd = 0;
        text = 1;
    }
    printf("server: ready (%s, scale %lu)\n", text ? "stdin" : "device", (unsigned long)scale);

    unsigned long served = 0, rejected = 0, units = 0;
    uint32_t digest = 0;
    struct request rq;
    int r;
    while ((r = read_record(fd, &rq)) == 1) {
        if (rq.flags & REQUEST_FLAG_QUIT)
            break;
        struct reply rp = { rq.id, 0, 0, 0 };
        if (rq.work > REQUEST_MAX_WORK) {
            rp.status = 1;
            rejected++;
        } else {
            rp.work = rq.work * scale;
            rp.result = work(rq.seed, rp.work);
            units += rp.work;
            served++;
        }
        digest = (digest ^ rp.result) * 16777619u + rp.id;
        if (text)
            printf("reply id=%lu work=%lu result=0x%08lx status=%lu\n", (unsigned long)rp.id,
                   (unsigned long)rp.work, (unsigned long)rp.result, (unsigned long)rp.status);
        else if (write_all(fd, &rp, sizeof rp) < 0) {
            printf("server: reply %lu not written: %s\n", (unsigned long)rp.id, errname(errno));
            return 1;
        }
    }
    if (r < 0)
        printf("server: truncated request record at end of input\n");
    printf("server: served=%lu rejected=%lu units=%lu digest=0x%08lx (%s)\n", served, rejected, units,
           (unsigned long)digest, r == 1 ? "quit request" : "end of input");
    return r < 0 ? 1 : 0;
}
