/*
 * getpid: a null-system-call benchmark. Calls getpid() N times (argv[1], default 10000) and
 * checks every answer is the same; the cost per call on a kernel is the trap round trip.
 * Usage: getpid [n]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    if (n < 1) {
        fprintf(stderr, "getpid: n must be positive\n");
        return 2;
    }
    pid_t first = getpid();
    long same = 0;
    for (long i = 0; i < n; i++)
        same += getpid() == first;
    printf("getpid: calls=%ld consistent=%d positive=%d\n", n + 1, same == n, first > 0);
    return 0;
}
